using System.Globalization;
using System.Text;

namespace EdgeMano.Agent.Runtimes.Kubernetes;

/// <summary>Names, ownership labels and selectors of the objects the agent applies.</summary>
internal static class KubernetesNaming
{
    public const string FieldManager = "edgemano";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "edgemano";
    // The same label keys as the Docker driver, so one query finds a node's workloads on either runtime.
    public const string NodeLabel = "edgemano.node";
    public const string WorkloadLabel = "edgemano.workload";
    public const string SpecHashLabel = "edgemano.spec-hash";
    /// <summary>deployment or statefulset: tells a workload's pods apart while it moves from one kind to the other.</summary>
    public const string ControllerLabel = "edgemano.io/controller";
    /// <summary>A spec label asking for a StatefulSet instead of a Deployment.</summary>
    public const string StatefulLabel = "edgemano.io/stateful";
    /// <summary>Fingerprint of the body last applied to an object: an unchanged object is not patched again.</summary>
    public const string AppliedHashAnnotation = "edgemano.io/applied-hash";
    /// <summary>containerPort:nodePort pairs, so observations carry the node ports without watching Services.</summary>
    public const string HostPortsAnnotation = "edgemano.io/host-ports";

    public const string Deployment = "deployment";
    public const string StatefulSet = "statefulset";

    /// <summary>Equality selector for everything this node owns (the API server filters watches with it).</summary>
    public static string NodeSelector(string nodeId) => $"{ManagedByLabel}={ManagedByValue},{NodeLabel}={nodeId}";

    /// <summary><c>em-{node}-{workload}</c> as a DNS-1035 label (Services need one); long names keep a hash suffix.</summary>
    public static string ObjectName(string nodeId, string workload)
    {
        var b = new StringBuilder("em-");
        foreach (var c in $"{nodeId}-{workload}".ToLowerInvariant())
            b.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var name = b.ToString().TrimEnd('-');
        if (name.Length <= 63) return name;
        var hash = Fnv.Hash64(name).ToString("x8", CultureInfo.InvariantCulture)[..8];
        return name[..54].TrimEnd('-') + "-" + hash;
    }

    public static bool IsOwnedBy(IDictionary<string, string>? labels, string nodeId) =>
        labels is not null && labels.TryGetValue(ManagedByLabel, out var by) && by == ManagedByValue
        && labels.TryGetValue(NodeLabel, out var node) && node == nodeId;

    /// <summary>A label or annotation value, or null (the client's models use IDictionary).</summary>
    public static string? Get(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var v) ? v : null;

    /// <summary>A Kubernetes label value: at most 63 characters, alphanumerics with '-', '_' or '.' inside.</summary>
    public static bool IsLabelValue(string value)
    {
        if (value.Length is 0 or > 63 || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1])) return false;
        foreach (var c in value)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        return true;
    }

    /// <summary><c>deployment/em-n1-web/uid</c>: kind and name find the object, the uid tells instances of one name apart.</summary>
    public static string RuntimeId(string kind, string name, string uid) => $"{kind}/{name}/{uid}";

    public static (string Kind, string Name, string Uid)? ParseRuntimeId(string runtimeId)
    {
        var parts = runtimeId.Split('/');
        return parts.Length == 3 && parts[0] is Deployment or StatefulSet ? (parts[0], parts[1], parts[2]) : null;
    }
}

/// <summary>FNV-1a 64: a change detector for applied bodies, not a security boundary (as in SpecHash).</summary>
internal static class Fnv
{
    public static ulong Hash64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    public static string Hex(string text) => Hash64(text).ToString("x16", CultureInfo.InvariantCulture);
}
