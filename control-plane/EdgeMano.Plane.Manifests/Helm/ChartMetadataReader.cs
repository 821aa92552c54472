using System.Text.RegularExpressions;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Helm;

internal sealed record ChartMetadata(string ApiVersion, string Name, string Version, string AppVersion, string Description, string Type, IReadOnlyList<ChartDependency> Dependencies);

/// <summary>Reads Chart.yaml (apiVersion v1 or v2) and a v1 chart's requirements.yaml, with located errors.</summary>
internal static partial class ChartMetadataReader
{
    private static readonly string[] Keys =
    [
        "apiVersion", "name", "version", "kubeVersion", "description", "type", "keywords", "home", "sources",
        "dependencies", "maintainers", "icon", "appVersion", "deprecated", "annotations", "engine", "tillerVersion",
    ];

    private static readonly string[] DependencyKeys = ["name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias"];

    [GeneratedRegex(@"^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVer();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ChartName();

    public static ChartMetadata Read(string text, string file, List<LocatedError> errors)
    {
        var reader = YamlDocumentReader.Load(text, file);
        var top = reader.Root?.AsMapping(Keys);
        var metadata = new ChartMetadata("v2", "", "", "", "", "application", []);
        if (top is not null)
        {
            var apiVersion = top.OneOf("apiVersion", ["v1", "v2"], required: true) ?? "v2";
            var name = top.String("name", required: true) ?? "";
            if (name.Length > 0 && !ChartName().IsMatch(name))
                top.Get("name")!.Error($"'{name}' is not a valid chart name: lowercase letters, digits, '-', '_' and '.'");
            var version = top.String("version", required: true) ?? "";
            if (version.Length > 0 && !SemVer().IsMatch(version))
                top.Get("version")!.Error($"'{version}' is not a semantic version like 1.2.3");
            var type = top.OneOf("type", ["application", "library"]) ?? "application";
            var dependencies = apiVersion == "v2" ? ReadDependencies(top.List("dependencies")) : [];
            if (apiVersion == "v1" && top.Has("dependencies"))
                top.Get("dependencies")!.Error("a v1 chart lists dependencies in requirements.yaml; use apiVersion: v2 to list them here");
            metadata = new ChartMetadata(apiVersion, name, version, top.String("appVersion") ?? "", top.String("description") ?? "", type, dependencies);
        }
        errors.AddRange(reader.Errors);
        return metadata;
    }

    public static IReadOnlyList<ChartDependency> ReadRequirements(string text, string file, List<LocatedError> errors)
    {
        var reader = YamlDocumentReader.Load(text, file);
        var top = reader.Root?.AsMapping(["dependencies"]);
        var dependencies = ReadDependencies(top?.List("dependencies"));
        errors.AddRange(reader.Errors);
        return dependencies;
    }

    private static List<ChartDependency> ReadDependencies(IReadOnlyList<YamlValue>? items)
    {
        var result = new List<ChartDependency>();
        foreach (var item in items ?? [])
        {
            if (item.AsMapping(DependencyKeys) is not { } m) continue;
            var name = m.String("name", required: true) ?? "";
            // A condition lists value paths; the first that exists decides (Helm's rule).
            var condition = m.String("condition") ?? "";
            result.Add(new ChartDependency(name, m.String("alias") ?? "", condition) { Enabled = m.Bool("enabled") ?? true });
        }
        return result;
    }
}
