using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Host.Configuration;

/// <summary>
/// Every setting, with its config-file key, flag and environment variable, in one table, so the
/// three sources cannot drift apart and `--help` lists them all.
/// </summary>
internal sealed record SettingDefinition(string Key, string Flag, string Env, string Help, Func<string, string?> Check);

internal static class SettingDefinitions
{
    private static readonly HashSet<string> LogLevels = ["trace", "debug", "info", "information", "warning", "warn", "error"];

    public static readonly IReadOnlyList<SettingDefinition> All =
    [
        new("nodeId", "--node-id", "EDGEMANO_NODE_ID", "This node's id (default: the host name)", CheckNodeId),
        new("stateDir", "--state-dir", "EDGEMANO_STATE_DIR", $"Directory for the store, logs and control socket (default {AgentSettings.DefaultStateDir})", CheckAbsoluteOrRelativePath),
        new("runtime", "--runtime", "EDGEMANO_RUNTIME", "Container runtime: auto | docker | containerd | kubernetes | process (auto: docker, else containerd, else processes only; kubernetes needs the cluster build; default auto)", CheckRuntime),
        new("dockerSocket", "--docker-socket", "EDGEMANO_DOCKER_SOCKET", $"Docker Engine socket (default {AgentSettings.DefaultDockerSocket})", CheckAbsoluteOrRelativePath),
        new("containerdSocket", "--containerd-socket", "EDGEMANO_CONTAINERD_SOCKET", $"containerd gRPC socket (default {AgentSettings.DefaultContainerdSocket})", CheckAbsoluteOrRelativePath),
        new("containerdNamespace", "--containerd-namespace", "EDGEMANO_CONTAINERD_NAMESPACE", $"containerd namespace for the agent's images and containers (default {AgentSettings.DefaultContainerdNamespace})", CheckContainerdNamespace),
        new("kubeconfig", "--kubeconfig", "EDGEMANO_KUBECONFIG", "Cluster build: kubeconfig of the cluster this agent runs as one node (default: k3s's, ~/.kube/config, MicroK8s's, else in-cluster)", CheckAbsoluteOrRelativePath),
        new("kubeContext", "--kube-context", "EDGEMANO_KUBE_CONTEXT", "Cluster build: context inside the kubeconfig (default its current-context)", v => v.Trim().Length == 0 ? "must not be empty" : null),
        new("kubeNamespace", "--kube-namespace", "EDGEMANO_KUBE_NAMESPACE", $"Cluster build: namespace for the workloads' objects (default {AgentSettings.DefaultKubeNamespace})", CheckDnsLabel),
        new("resyncInterval", "--resync-interval", "EDGEMANO_RESYNC_INTERVAL", "Full reconcile at least this often, e.g. 30s (default 30s)", CheckPositiveDuration),
        new("stopGrace", "--stop-grace", "EDGEMANO_STOP_GRACE", "Wait after SIGTERM before SIGKILL, e.g. 10s (default 10s)", CheckPositiveDuration),
        new("logLevel", "--log-level", "EDGEMANO_LOG_LEVEL", "trace | debug | info | warning | error (default info)", v => LogLevels.Contains(v.ToLowerInvariant()) ? null : "expected trace, debug, info, warning or error"),
        new("labels", "--labels", "EDGEMANO_LABELS", "Node labels as k=v,k2=v2", CheckLabels),
        new("broker", "--broker", "EDGEMANO_BROKER", "The plane's MQTT broker, mqtt://host:port (default port 1883; empty: no uplink, local only)", v => ParseEndpoint(v, ["mqtt"], "mqtt://host:port, e.g. mqtt://plane.local:1883", out _)),
        new("plane", "--plane", "EDGEMANO_PLANE", "The plane's gRPC endpoint for the Sync stream, http://host:port (instead of --broker)", v => ParseEndpoint(v, ["http", "https"], "http://host:port, e.g. http://plane.local:8080", out _)),
    ];

    public static SettingDefinition? ByKey(string key) => All.FirstOrDefault(d => d.Key == key);

    private static string? CheckNodeId(string v) =>
        v.Length is > 0 and <= 63 && char.IsAsciiLetterOrDigit(v[0]) && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? null
            : "expected 1-63 characters of letters, digits, '_', '.', '-', starting with a letter or digit";

    private static string? CheckRuntime(string v) =>
        Enum.TryParse<RuntimeChoice>(v, true, out var choice) && Enum.IsDefined(choice) && !int.TryParse(v, out _)
            ? null
            : "expected auto, docker, containerd, kubernetes or process";

    /// <summary>containerd's own rule: alphanumeric runs joined by single '.', '_' or '-', at most 76 characters.</summary>
    private static string? CheckContainerdNamespace(string v) =>
        v.Length is > 0 and <= 76 && char.IsAsciiLetterOrDigit(v[0]) && char.IsAsciiLetterOrDigit(v[^1])
            && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            && !v.Zip(v.Skip(1)).Any(p => !char.IsAsciiLetterOrDigit(p.First) && !char.IsAsciiLetterOrDigit(p.Second))
            ? null
            : "expected 1-76 letters and digits, joined by single '.', '_' or '-' (containerd's namespace rule)";

    private static string? CheckDnsLabel(string v) =>
        v.Length is > 0 and <= 63 && char.IsAsciiLetterLower(v[0]) && char.IsAsciiLetterOrDigit(v[^1])
            && v.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? null
            : "expected a DNS label: 1-63 lower-case letters, digits and '-', starting with a letter";

    private static string? CheckAbsoluteOrRelativePath(string v) => v.Length == 0 ? "must not be empty" : v.Contains('\0') ? "contains a NUL character" : null;

    private static string? CheckPositiveDuration(string v)
    {
        var error = ScalarParsers.TryParseDuration(v, out var d);
        return error ?? (d > TimeSpan.Zero ? null : "must be greater than zero");
    }

    private static string? CheckLabels(string v) => ParseLabels(v, out _);

    /// <summary>Parses a link endpoint ("" = none); returns an error or null.</summary>
    public static string? ParseEndpoint(string text, string[] schemes, string expected, out Uri? endpoint)
    {
        endpoint = null;
        if (text.Trim().Length == 0) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return $"expected {expected}";
        if (!schemes.Contains(uri.Scheme, StringComparer.Ordinal))
            return $"scheme '{uri.Scheme}' is not supported: expected {expected}";
        if (!uri.IsDefaultPort && uri.Port == 0) return $"port 0 is not a port: expected {expected}";
        if (uri.UserInfo.Length > 0 || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return $"expected only scheme, host and port: {expected}";
        endpoint = uri;
        return null;
    }

    /// <summary>Parses "k=v,k2=v2"; returns an error or null.</summary>
    public static string? ParseLabels(string text, out Dictionary<string, string> labels)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) return $"'{part}' is not k=v";
            labels[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return null;
    }
}
