using System.Globalization;
using System.Text;
using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Output;

/// <summary>Tables and lines of `rollout status|history|pause|resume|undo`, and the rollout line of `deployments get`.</summary>
internal static class RolloutTables
{
    public const int HistoryLimit = 10;

    private static readonly string[] Header = ["DEPLOYMENT", "ROLLOUT", "STATE", "GENERATION", "WAVE", "AGE"];
    private static readonly string[] NodeHeader = ["WAVE", "NODE", "STATE", "REVERT", "AGE", "REASON"];
    private static readonly string[] HistoryHeader = ["AGE", "MESSAGE"];
    private static readonly string[] RevisionHeader = ["GENERATION", "FROM", "RESULT", "ROLLOUT", "PACKAGE", "AGE", "DURATION", "CAN-ROLL-BACK", "REASON"];

    /// <summary>The rollout's row, its reason and strategy, every wave's nodes, then its latest timeline entries.</summary>
    public static string Status(RolloutDto r, DateTimeOffset now)
    {
        var b = new StringBuilder(TextTable.Render(Header,
        [
            [r.Deployment, r.Id, TextTable.OrNone(r.State), Generations(r.FromGeneration, r.ToGeneration), Wave(r.Wave, r.Waves), Ages.Since(r.CreatedAt, now)],
        ]));
        void Field(string name, string value) => b.Append(CultureInfo.InvariantCulture, $"{name + ":",-12}{value}\n");
        Field("Reason", TextTable.OrNone(r.Reason));
        Field("Strategy", Strategy(r.Spec));

        b.Append('\n');
        var nodes = r.WaveDetails.SelectMany(w => w.Nodes.Select(n => (Wave: w.Number, Node: n))).ToList();
        if (nodes.Count == 0)
        {
            b.Append("Nodes:      <none> (no node runs the deployment)\n");
        }
        else
        {
            b.Append(TextTable.Render(NodeHeader, nodes.Select(x => (IReadOnlyList<string>)
            [
                x.Wave.ToString(CultureInfo.InvariantCulture),
                x.Node.Node,
                TextTable.OrNone(x.Node.State),
                TextTable.OrNone(x.Node.Revert),
                Ages.Since(x.Node.UpdatedAt, now, "-"),
                TextTable.Truncate(x.Node.Reason, 80),
            ])));
        }

        if (r.History.Count > 0)
        {
            var shown = r.History.TakeLast(HistoryLimit).ToList();
            b.Append('\n').Append(shown.Count == r.History.Count ? "History:\n" : $"History (last {HistoryLimit} of {r.History.Count}):\n");
            b.Append(TextTable.Render(HistoryHeader, shown.Select(e => (IReadOnlyList<string>)[Ages.Since(e.At, now), TextTable.Truncate(e.Message, 120)])));
        }
        return b.ToString();
    }

    /// <summary>The deployment's revisions, oldest first, as the plane lists them.</summary>
    public static string Revisions(IReadOnlyList<RevisionDto> revisions, DateTimeOffset now) =>
        TextTable.Render(RevisionHeader, revisions.Select(v => (IReadOnlyList<string>)
        [
            v.Generation.ToString(CultureInfo.InvariantCulture),
            v.FromGeneration > 0 ? v.FromGeneration.ToString(CultureInfo.InvariantCulture) : "<none>",
            TextTable.OrNone(v.Result),
            TextTable.OrNone(v.RolloutId),
            TextTable.OrNone(v.Package),
            Ages.Since(v.StartedAt, now),
            v.StartedAt is { } start && v.FinishedAt is { } end ? Ages.Format(end - start) : v.FinishedAt is null ? "<running>" : "<unknown>",
            v.CanRollBackTo ? "yes" : "no",
            TextTable.Truncate(v.Reason, 80),
        ]));

    /// <summary>"roll-2 InProgress (generation 1 -> 2, wave 1/3)", then ": reason" when there is one.</summary>
    public static string Summary(RolloutSummaryDto s) =>
        $"{s.Id} {TextTable.OrNone(s.State)} (generation {Generations(s.FromGeneration, s.ToGeneration)}, wave {Wave(s.Wave, s.Waves)})"
        + (string.IsNullOrWhiteSpace(s.Reason) ? "" : ": " + s.Reason);

    /// <summary>The rollout block in words: "batchSize 1, soak 600s", or what the defaults mean.</summary>
    public static string Strategy(RolloutSpecDto? spec)
    {
        if (spec is null) return "<unknown>";
        var parts = new List<string>();
        if (spec.BatchSize is { } size) parts.Add($"batchSize {size.ToString(CultureInfo.InvariantCulture)}");
        if (spec.BatchPercent is { } percent) parts.Add($"batchPercent {percent.ToString("0.##", CultureInfo.InvariantCulture)}");
        if (spec.MaxUnavailable is { } unavailable) parts.Add($"maxUnavailable {unavailable.ToString(CultureInfo.InvariantCulture)}");
        if (!string.IsNullOrEmpty(spec.Soak)) parts.Add($"soak {spec.Soak}");
        if (spec.FailureThreshold is { } threshold) parts.Add($"failureThreshold {threshold.ToString("0.##", CultureInfo.InvariantCulture)}");
        if (!string.IsNullOrEmpty(spec.HealthTimeout)) parts.Add($"healthTimeout {spec.HealthTimeout}");
        return parts.Count == 0 ? "defaults (one node per wave, soak 30s, any failure rolls back)" : string.Join(", ", parts);
    }

    /// <summary>Where the nodes stand: "0 of 4 nodes passed (1 soaking, 3 waiting)", and reverts while rolling back.</summary>
    public static string NodeProgress(RolloutDto r)
    {
        var nodes = r.WaveDetails.SelectMany(w => w.Nodes).ToList();
        var passed = nodes.Count(n => n.State == "Passed");
        var others = nodes.Where(n => n.State != "Passed").GroupBy(n => TextTable.OrNone(n.State).ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}").ToList();
        var text = $"{passed} of {nodes.Count} node{(nodes.Count == 1 ? "" : "s")} passed" + (others.Count == 0 ? "" : $" ({string.Join(", ", others)})");
        var reverts = nodes.Where(n => n.Revert is "Reverting" or "Reverted").ToList();
        if (reverts.Count > 0) text += $", {reverts.Count(n => n.Revert == "Reverted")} of {reverts.Count} reverted";
        return text;
    }

    /// <summary>"1 -> 2".</summary>
    public static string Generations(long from, long to) =>
        $"{from.ToString(CultureInfo.InvariantCulture)} -> {to.ToString(CultureInfo.InvariantCulture)}";

    private static string Wave(int wave, int waves) =>
        $"{wave.ToString(CultureInfo.InvariantCulture)}/{waves.ToString(CultureInfo.InvariantCulture)}";
}
