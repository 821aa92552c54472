using System.Globalization;
using System.Text;
using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Output;

/// <summary>Tables for `nodes list|get` and the `status NODE` view.</summary>
internal static class NodeTables
{
    private static readonly string[] NodeHeader = ["NAME", "PRESENCE", "IN-SYNC", "REVISION", "RUNNING", "RUNTIME", "ARCH", "LAST-SEEN", "VERSION", "LABELS"];
    private static readonly string[] WorkloadHeader = ["NAME", "PHASE", "HEALTH", "RESTARTS", "AGE", "LAST-ERROR"];
    private static readonly string[] EventHeader = ["AGE", "SEVERITY", "WORKLOAD", "REASON", "MESSAGE"];

    public static string Nodes(IReadOnlyList<NodeDto> nodes, DateTimeOffset now) =>
        TextTable.Render(NodeHeader, nodes.Select(n => (IReadOnlyList<string>)
        [
            n.Id,
            TextTable.OrNone(n.Presence),
            n.InSync ? "yes" : "no",
            $"{n.ObservedRevision}/{n.DesiredRevision}",
            $"{n.Workloads.Count(IsRunning)}/{n.Workloads.Count}",
            TextTable.OrNone(n.Runtime),
            TextTable.OrNone(n.Arch),
            Ages.Since(n.LastSeen, now, "<never>"),
            TextTable.OrNone(n.AgentVersion),
            TextTable.Labels(n.Labels),
        ]));

    /// <summary>One node in detail: presence, revisions, workloads, recent events (newest last).</summary>
    public static string Status(NodeDto node, IReadOnlyList<EventDto> events, int eventLimit, DateTimeOffset now)
    {
        var b = new StringBuilder();
        void Field(string name, string value) => b.Append(CultureInfo.InvariantCulture, $"{name + ":",-12}{value}\n");

        Field("Node", node.Id);
        Field("Presence", $"{TextTable.OrNone(node.Presence)} (last seen {Ages.Since(node.LastSeen, now, "never")}{(node.LastSeen is null ? "" : " ago")})");
        Field("Labels", TextTable.Labels(node.Labels));
        Field("Platform", $"{TextTable.OrNone(node.Runtime)} on {TextTable.OrNone(node.Arch)}, agent {TextTable.OrNone(node.AgentVersion)}");
        if (node.Capacity is { } capacity) Field("Capacity", $"cpu {capacity.CpuMillis}m, memory {Bytes(capacity.MemoryBytes)}");
        Field("Revision", $"desired {node.DesiredRevision}, observed {node.ObservedRevision} ({(node.InSync ? "in sync" : "not in sync")})");

        b.Append('\n');
        if (node.Workloads.Count == 0)
        {
            b.Append("No workloads.\n");
        }
        else
        {
            b.Append(TextTable.Render(WorkloadHeader, node.Workloads.Select(w => (IReadOnlyList<string>)
            [
                w.Name,
                TextTable.OrNone(w.Phase),
                TextTable.OrNone(w.Health),
                w.Restarts.ToString(CultureInfo.InvariantCulture),
                Ages.Since(w.Since, now),
                TextTable.Truncate(LastError(w), 60),
            ])));
        }

        b.Append('\n');
        if (node.EventsDropped > 0) Field("Dropped", $"{node.EventsDropped} events (the node's outbox was full while it was offline)");
        if (events.Count == 0)
        {
            b.Append("Events:     <none>\n");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"Events (last {eventLimit}):\n");
            b.Append(TextTable.Render(EventHeader, events.Select(e => (IReadOnlyList<string>)
            [
                Ages.Since(e.At, now),
                TextTable.OrNone(e.Severity),
                TextTable.OrNone(e.Workload),
                TextTable.OrNone(e.Reason),
                TextTable.Truncate(e.Message, 100),
            ])));
        }
        return b.ToString();
    }

    /// <summary>The agent's last error, or else a non-zero last exit code (a crash loop often has no error text).</summary>
    private static string LastError(WorkloadStatusDto w) =>
        !string.IsNullOrWhiteSpace(w.LastError) ? w.LastError
        : w.LastExitCode is { } code and not 0 ? $"exit code {code.ToString(CultureInfo.InvariantCulture)}"
        : "";

    private static bool IsRunning(WorkloadStatusDto w) => string.Equals(w.Phase, "Running", StringComparison.OrdinalIgnoreCase);

    /// <summary>Binary units, one decimal: 25000000000 -> 23.3Gi.</summary>
    internal static string Bytes(long bytes)
    {
        string[] units = ["", "Ki", "Mi", "Gi", "Ti"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture) + units[unit];
    }
}
