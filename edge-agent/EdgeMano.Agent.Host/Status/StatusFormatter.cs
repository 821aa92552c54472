using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeMano.Agent.Host.Status;

/// <summary>Renders a status view as an aligned table (for people) or JSON (for scripts).</summary>
internal static class StatusFormatter
{
    private static readonly JsonSerializerOptions Indented = new(HostJsonContext.Default.Options) { WriteIndented = true };

    public static string Json(StatusView view) =>
        JsonSerializer.Serialize(view, new HostJsonContext(Indented).StatusView);

    public static string Table(StatusView view, DateTimeOffset now)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"NODE {view.NodeId}   AGENT {(view.AgentRunning ? "running" : "not running")}   DESIRED REVISION {view.DesiredRevision}   OBSERVED {view.ObservedRevision}\n");
        if (view.Link is { } link)
            b.Append(CultureInfo.InvariantCulture, $"LINK {link.Kind} {link.Endpoint} {(link.Connected ? "connected" : "disconnected")}")
                .Append(link.Since is { } since ? $" for {Age(now - since)}" : "")
                .Append(!link.Connected && link.LastError is { Length: > 0 } error ? $" ({error})" : "")
                .Append('\n');
        if (view.Workloads.Count == 0) return b.Append("no workloads\n").ToString();
        string[] header = ["NAME", "KIND", "PHASE", "HEALTH", "RESTARTS", "AGE", "ID", "LAST ERROR"];
        var rows = view.Workloads.Select(w => new[]
        {
            w.Name, w.Kind, w.Phase, w.Health, w.Restarts.ToString(CultureInfo.InvariantCulture), Age(now - w.Since),
            w.RuntimeId.Length > 12 ? w.RuntimeId[..12] : w.RuntimeId,
            w.LastError.Length > 60 ? w.LastError[..57] + "..." : w.LastError,
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        void Row(string[] cells) => b.Append(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        Row(header);
        foreach (var r in rows) Row(r);
        return b.ToString();
    }

    private static string Age(TimeSpan t) => t.TotalSeconds < 0 ? "0s"
        : t.TotalMinutes < 2 ? $"{(int)t.TotalSeconds}s"
        : t.TotalHours < 2 ? $"{(int)t.TotalMinutes}m"
        : t.TotalDays < 2 ? $"{(int)t.TotalHours}h"
        : $"{(int)t.TotalDays}d";
}
