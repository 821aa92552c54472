using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Scheduling;

namespace EdgeMano.Plane.Core.Deployments;

/// <summary>
/// Reads a deployment's <c>placement:</c> block (docs/api.md), every problem located at its field.
/// Absent or <c>{}</c> is <see cref="PlacementSpec.Everywhere"/>, which keeps the selector-only rule.
/// </summary>
internal static class PlacementYaml
{
    /// <summary>The runtime kinds agents report (NodeInfo.runtime).</summary>
    public static readonly string[] Runtimes = ["docker", "containerd", "process", "kubernetes"];

    private static readonly string[] Keys = ["arch", "runtimes", "count", "spreadBy", "maxPerSpreadValue"];

    /// <summary>Other names for the architectures agents report as Kubernetes/Go names.</summary>
    private static readonly Dictionary<string, string> ArchAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x86_64"] = "amd64", ["x64"] = "amd64", ["x86-64"] = "amd64", ["aarch64"] = "arm64", ["armv8"] = "arm64",
        ["armhf"] = "arm", ["armv7"] = "arm", ["i386"] = "386", ["x86"] = "386",
    };

    public static PlacementSpec Read(YamlMapping top)
    {
        if (top.Get("placement") is not { } value) return PlacementSpec.Everywhere;
        var map = value.AsMapping(Keys);
        if (map is null) return PlacementSpec.Everywhere;

        var spec = new PlacementSpec
        {
            Arch = new ValueList<string>(ReadArch(map)),
            Runtimes = new ValueList<string>(ReadRuntimes(map)),
            Count = map.Int32("count", min: 0) ?? 0,
            SpreadBy = ReadSpreadBy(map),
            MaxPerSpreadValue = map.Int32("maxPerSpreadValue", min: 0) ?? 0,
        };
        // The range checks above already name a negative number; this adds the rule between fields.
        if (spec.MaxPerSpreadValue > 0 && spec.SpreadBy.Length == 0 && spec.Validate() is { } problem)
            map.Get("maxPerSpreadValue")!.Error(problem);
        return spec;
    }

    private static List<string> ReadArch(YamlMapping map)
    {
        var result = new List<string>();
        foreach (var item in map.List("arch") ?? [])
        {
            if (item.AsString() is not { } arch) continue;
            if (arch.Length == 0 || arch.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_'))
                item.Error($"'{arch}' is not an architecture name: use the names nodes report (amd64, arm64, arm, 386, ...)");
            else if (ArchAliases.TryGetValue(arch, out var name))
                item.Error($"'{arch}' is not how nodes report it: write {name}");
            else
                result.Add(arch);
        }
        return result;
    }

    private static List<string> ReadRuntimes(YamlMapping map)
    {
        var result = new List<string>();
        foreach (var item in map.List("runtimes") ?? [])
        {
            if (item.AsOneOf(Runtimes) is { } runtime) result.Add(runtime);
        }
        return result;
    }

    private static string ReadSpreadBy(YamlMapping map)
    {
        var value = map.Get("spreadBy");
        var key = value?.AsString();
        if (value is null || key is null) return "";
        if (key.Length == 0 || key.Any(char.IsWhiteSpace) || key.Contains('='))
        {
            value.Error($"'{key}' is not a node label key (e.g. site)");
            return "";
        }
        return key;
    }
}
