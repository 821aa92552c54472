using EdgeMano.Agent.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Agent.Host.Configuration;

/// <summary>Thrown for a bad config file, variable or flag; the message names where and why.</summary>
public sealed class SettingsException(string message) : Exception(message);

/// <summary>
/// Merges settings: built-in defaults, then the config file, then EDGEMANO_* variables, then flags
/// (flag beats environment beats file). Every value is checked and a bad one is reported with
/// where it came from (file:line:col, variable or flag).
/// </summary>
internal static class SettingsLoader
{
    public static AgentSettings Load(string? configPath, IReadOnlyDictionary<string, string> flags, Func<string, string?> getEnv)
    {
        var values = new Dictionary<string, (string Value, string Origin)>(StringComparer.Ordinal);
        var errors = new List<string>();

        var explicitConfig = configPath ?? getEnv("EDGEMANO_CONFIG");
        var path = explicitConfig ?? AgentSettings.DefaultConfigPath;
        if (File.Exists(path)) ReadFile(path, values, errors);
        else if (explicitConfig is not null) errors.Add($"{path}: config file not found");

        foreach (var def in SettingDefinitions.All)
        {
            if (getEnv(def.Env) is { } env) values[def.Key] = (env, $"environment variable {def.Env}");
            if (flags.TryGetValue(def.Key, out var flag)) values[def.Key] = (flag, $"flag {def.Flag}");
        }

        foreach (var (key, (value, origin)) in values)
            if (SettingDefinitions.ByKey(key)!.Check(value) is { } problem)
                errors.Add(problem.Contains($"'{value}'", StringComparison.Ordinal) // the duration parser already quotes it
                    ? $"{origin}: {key}: {problem}"
                    : $"{origin}: {key}: {problem} (got '{value}')");
        if (values.TryGetValue("broker", out var broker) && broker.Value.Trim().Length > 0
            && values.TryGetValue("plane", out var plane) && plane.Value.Trim().Length > 0)
            errors.Add($"{broker.Origin} and {plane.Origin}: broker and plane exclude each other: the agent talks to the plane over MQTT (--broker) or over gRPC Sync (--plane), not both");
        if (errors.Count > 0) throw new SettingsException(string.Join(Environment.NewLine, errors));

        string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;
        TimeSpan Duration(string key, TimeSpan fallback)
        {
            if (Get(key) is not { } text) return fallback;
            ScalarParsers.TryParseDuration(text, out var d);
            return d;
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Get("labels") is { } labelText) SettingDefinitions.ParseLabels(labelText, out labels);
        SettingDefinitions.ParseEndpoint(Get("broker") ?? "", ["mqtt"], "", out var brokerUri);
        SettingDefinitions.ParseEndpoint(Get("plane") ?? "", ["http", "https"], "", out var planeUri);

        return new AgentSettings
        {
            NodeId = Get("nodeId") ?? DefaultNodeId(),
            StateDir = Path.GetFullPath(Get("stateDir") ?? AgentSettings.DefaultStateDir),
            Runtime = Get("runtime") is { } rt ? Enum.Parse<RuntimeChoice>(rt, true) : RuntimeChoice.Auto,
            DockerSocket = Get("dockerSocket") ?? AgentSettings.DefaultDockerSocket,
            ContainerdSocket = Get("containerdSocket") ?? AgentSettings.DefaultContainerdSocket,
            ContainerdNamespace = Get("containerdNamespace") ?? AgentSettings.DefaultContainerdNamespace,
            Kubeconfig = Get("kubeconfig") ?? "",
            KubeContext = Get("kubeContext") ?? "",
            KubeNamespace = Get("kubeNamespace") ?? AgentSettings.DefaultKubeNamespace,
            ResyncInterval = Duration("resyncInterval", TimeSpan.FromSeconds(30)),
            StopGrace = Duration("stopGrace", TimeSpan.FromSeconds(10)),
            LogLevel = (Get("logLevel") ?? "info").ToLowerInvariant(),
            Labels = labels,
            Broker = brokerUri,
            Plane = planeUri,
        };
    }

    /// <summary>The host name, made into a valid node id.</summary>
    private static string DefaultNodeId()
    {
        var host = Environment.MachineName.ToLowerInvariant();
        var id = new string(host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray()).Trim('-', '.', '_');
        return id.Length == 0 ? "edge-node" : id[..Math.Min(63, id.Length)];
    }

    private static void ReadFile(string path, Dictionary<string, (string, string)> values, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            errors.Add($"{path}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}");
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: cannot read config file: {ex.Message}");
            return;
        }
        if (stream.Documents.Count == 0) return;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var n = stream.Documents[0].RootNode;
            if (n is YamlScalarNode { Value: null or "" }) return;
            errors.Add($"{path}:{n.Start.Line}:{n.Start.Column}: expected a mapping of settings (key: value)");
            return;
        }
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var where = $"{path}:{keyNode.Start.Line}:{keyNode.Start.Column}";
            if (SettingDefinitions.ByKey(key) is null)
            {
                var known = string.Join(", ", SettingDefinitions.All.Select(d => d.Key));
                errors.Add($"{where}: unknown setting '{key}' (known: {known})");
                continue;
            }
            var origin = $"{path}:{valueNode.Start.Line}:{valueNode.Start.Column}";
            switch (valueNode)
            {
                case YamlScalarNode s:
                    values[key] = (s.Value ?? "", origin);
                    break;
                case YamlMappingNode m when key == "labels":
                    values[key] = (string.Join(",", m.Children.Select(kv => $"{(kv.Key as YamlScalarNode)?.Value}={(kv.Value as YamlScalarNode)?.Value}")), origin);
                    break;
                default:
                    errors.Add($"{origin}: {key}: expected a single value");
                    break;
            }
        }
    }
}
