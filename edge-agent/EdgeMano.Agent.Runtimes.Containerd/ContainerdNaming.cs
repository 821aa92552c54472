using System.Globalization;
using System.Text;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>Container ids, ownership labels and API filters of the containers the agent creates.</summary>
internal static class ContainerdNaming
{
    // The same ownership labels as the Docker driver: one vocabulary whichever runtime runs.
    public const string ManagedLabel = "edgemano.managed";
    public const string NodeLabel = "edgemano.node";
    public const string WorkloadLabel = "edgemano.workload";
    public const string SpecHashLabel = "edgemano.spec-hash";
    /// <summary>Container ports ("8080/tcp,53/udp"): on the host network each is also the node port.</summary>
    public const string PortsLabel = "edgemano.ports";
    /// <summary>RFC 3339 time of the last task start: containerd keeps no start time of its own.</summary>
    public const string StartedAtLabel = "edgemano.started-at";

    /// <summary>containerd identifiers: alphanumeric runs joined by single '.', '_' or '-', at most 76 characters.</summary>
    private const int MaxIdLength = 76;

    /// <summary>
    /// <c>em-{node}-{workload}-{8 hex}</c>. The random suffix gives a recreated workload a new id (as Docker gives a
    /// new container id), so a late event of the old instance can never be taken for the new one.
    /// </summary>
    public static string NewContainerId(string nodeId, string workload)
    {
        // Guid, not RandomNumberGenerator: the latter loads libcrypto (~3.5 MB RSS) into the agent.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var stem = Clean($"em-{nodeId}-{workload}");
        var room = MaxIdLength - suffix.Length - 1;
        if (stem.Length > room) stem = stem[..room].TrimEnd('-', '.', '_');
        return stem + "-" + suffix;
    }

    public static bool IsOwnedBy(IReadOnlyDictionary<string, string>? labels, string nodeId) =>
        labels is not null && labels.TryGetValue(NodeLabel, out var node) && node == nodeId;

    /// <summary>A containers filter matching this node's containers (and, when given, one workload's).</summary>
    public static string OwnedFilter(string nodeId, string? workload = null)
    {
        var filter = $"labels.\"{NodeLabel}\"=={Quote(nodeId)}";
        return workload is null ? filter : filter + $",labels.\"{WorkloadLabel}\"=={Quote(workload)}";
    }

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>A quoted value for containerd's filter syntax (it accepts Go-style escapes in double quotes).</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Clean(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : c is '.' or '_' ? c : '-';
            var separator = !char.IsAsciiLetterOrDigit(next);
            // Separators must stand between alphanumeric runs: never first, never two in a row.
            if (separator && (b.Length == 0 || !char.IsAsciiLetterOrDigit(b[^1]))) continue;
            b.Append(next);
        }
        return b.ToString().TrimEnd('-', '.', '_');
    }
}
