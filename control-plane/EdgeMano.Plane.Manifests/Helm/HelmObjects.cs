using System.Text.RegularExpressions;
using EdgeMano.Plane.Manifests.Templates;
using EdgeMano.Plane.Manifests.Values;

namespace EdgeMano.Plane.Manifests.Helm;

/// <summary>The built-in objects a template sees besides <c>.Values</c>.</summary>
internal static class HelmObjects
{
    /// <summary>The cluster version <c>helm template</c> assumes without a cluster; charts compare against it.</summary>
    public const string KubeVersion = "v1.31.0";

    private static readonly string[] ApiVersions =
    [
        "v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1", "networking.k8s.io/v1",
        "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1",
        "coordination.k8s.io/v1", "discovery.k8s.io/v1", "scheduling.k8s.io/v1", "certificates.k8s.io/v1", "events.k8s.io/v1",
        "v1/Pod", "v1/Service", "v1/ConfigMap", "v1/Secret", "v1/ServiceAccount", "apps/v1/Deployment", "apps/v1/StatefulSet",
        "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job", "batch/v1/CronJob", "networking.k8s.io/v1/Ingress",
        "autoscaling/v2/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget",
    ];

    public static Dictionary<string, object?> Release(string name, string @namespace) => new(StringComparer.Ordinal)
    {
        ["Name"] = name, ["Namespace"] = @namespace, ["Service"] = "Helm",
        ["IsInstall"] = true, ["IsUpgrade"] = false, ["Revision"] = 1L,
    };

    public static Dictionary<string, object?> Chart(HelmChart chart, string name) => new(StringComparer.Ordinal)
    {
        ["Name"] = name, ["Version"] = chart.Version, ["AppVersion"] = chart.AppVersion,
        ["Description"] = chart.Description, ["APIVersion"] = chart.ApiVersion, ["Type"] = chart.Type,
    };

    public static Dictionary<string, object?> Capabilities()
    {
        var versions = ApiVersions.Select(v => (object?)v).ToList();
        var apiVersions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Has"] = new TemplateMethod("Has", args => args.Length == 1 && ApiVersions.Contains(TemplateValues.ToText(args[0]))),
            ["List"] = versions,
        };
        var kube = KubeVersion.TrimStart('v').Split('.');
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["KubeVersion"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Version"] = KubeVersion, ["GitVersion"] = KubeVersion, ["Major"] = kube[0], ["Minor"] = kube[1],
            },
            ["APIVersions"] = new ApiVersionSet(apiVersions),
            ["HelmVersion"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Version"] = "v3.16.0" },
        };
    }

    /// <summary><c>.Capabilities.APIVersions</c>: a list with a <c>Has</c> method.</summary>
    private sealed class ApiVersionSet(Dictionary<string, object?> fields) : ITemplateObject
    {
        public string TypeName => "chartutil.VersionSet";

        public bool TryGetField(string name, out object? value) => fields.TryGetValue(name, out value);
    }
}

/// <summary>
/// <c>.Files</c>: the chart's other files. <c>Get</c>, <c>GetBytes</c>, <c>Lines</c>, <c>Glob</c>,
/// and on a glob result <c>AsConfig</c> / <c>AsSecrets</c> (a ConfigMap's <c>data</c> / a Secret's).
/// </summary>
internal sealed class ChartFiles(IReadOnlyDictionary<string, byte[]> files) : ITemplateObject
{
    public string TypeName => "chart.Files";

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Get" => new TemplateMethod(name, a => files.TryGetValue(Arg(a), out var b) ? ChartLoader.Text(b) : ""),
            "GetBytes" => new TemplateMethod(name, a => files.TryGetValue(Arg(a), out var b) ? b : Array.Empty<byte>()),
            "Lines" => new TemplateMethod(name, a => files.TryGetValue(Arg(a), out var b)
                ? ChartLoader.Text(b).TrimEnd('\n').Split('\n').Select(l => (object?)l).ToList()
                : new List<object?>()),
            "Glob" => new TemplateMethod(name, a => new ChartFiles(Glob(Arg(a)))),
            "AsConfig" => new TemplateMethod(name, _ => ValueYamlWriter.Write(Map(b => ChartLoader.Text(b)))),
            "AsSecrets" => new TemplateMethod(name, _ => ValueYamlWriter.Write(Map(Convert.ToBase64String))),
            _ => null,
        };
        return value is not null;
    }

    private Dictionary<string, object?> Map(Func<byte[], string> content) =>
        files.ToDictionary(f => Path.GetFileName(f.Key), f => (object?)content(f.Value), StringComparer.Ordinal);

    private Dictionary<string, byte[]> Glob(string pattern)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
        var match = new Regex(regex, RegexOptions.CultureInvariant);
        return files.Where(f => match.IsMatch(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
    }

    private static string Arg(object?[] args) =>
        args.Length == 1 ? TemplateValues.ToText(args[0]) : throw new TemplateFunctionException($"wrong number of args: want 1 got {args.Length}");
}
