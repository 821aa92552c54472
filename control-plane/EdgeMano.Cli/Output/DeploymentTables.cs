using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Output;

/// <summary>Tables for `deployments list|get` and the one-line outcome of `deploy`.</summary>
internal static class DeploymentTables
{
    private static readonly string[] Header = ["NAME", "GENERATION", "SELECTOR", "WORKLOADS", "NODES", "UNPLACED", "AGE"];

    public static string List(IReadOnlyList<DeploymentDto> deployments, DateTimeOffset now) =>
        TextTable.Render(Header, deployments.Select(d => (IReadOnlyList<string>)
        [
            d.Name,
            d.Generation.ToString(CultureInfo.InvariantCulture),
            TextTable.Labels(d.Selector, "<all>"),
            (d.Workloads.Count + d.WorkloadNames.Count).ToString(CultureInfo.InvariantCulture),
            d.Nodes.Count.ToString(CultureInfo.InvariantCulture),
            d.Unplaced.Count.ToString(CultureInfo.InvariantCulture),
            Ages.Since(d.CreatedAt, now),
        ]));

    /// <summary>The row of one deployment, then its workloads, its nodes, why it is not on others and its rollout.</summary>
    public static string Get(DeploymentDto d, DateTimeOffset now)
    {
        var b = new StringBuilder(List([d], now)).Append('\n');
        if (d.Package is { } package)
            b.Append(CultureInfo.InvariantCulture, $"Package:    {package.Name} {package.Version}{(string.IsNullOrEmpty(package.Digest) ? "" : $" ({package.Digest})")}\n");
        var workloads = d.Workloads.Select(Describe).Concat(d.WorkloadNames).ToList();
        b.Append("Workloads:  ").Append(workloads.Count == 0 ? "<none>" : string.Join(", ", workloads)).Append('\n');
        b.Append("Nodes:      ").Append(d.Nodes.Count == 0 ? "<none> (no node matches the selector yet)" : string.Join(", ", d.Nodes)).Append('\n');
        if (d.Unplaced.Count > 0)
        {
            b.Append("Unplaced:\n");
            foreach (var u in d.Unplaced) b.Append(CultureInfo.InvariantCulture, $"  {u.Node}: {TextTable.OrNone(u.Reason)}\n");
        }
        // A change reaches the nodes in waves only with a rollout block; its latest rollout, if it ever had one.
        if (d.Rollout is { } rollout) b.Append("Strategy:   rolling: ").Append(RolloutTables.Strategy(rollout)).Append('\n');
        if (d.RolloutStatus is { } status) b.Append("Rollout:    ").Append(RolloutTables.Summary(status)).Append('\n');
        return b.ToString();
    }

    /// <summary>`deployment/web created (generation 1, on 2 nodes)`.</summary>
    public static string Outcome(DeploymentDto d, string verb)
    {
        var placement = d.Nodes.Count switch
        {
            0 => "no node matches its selector yet",
            1 => "on 1 node",
            var n => $"on {n} nodes",
        };
        return $"deployment/{d.Name} {verb} (generation {d.Generation}, {placement})";
    }

    /// <summary>"web (container local/busybox:1)" from a workload as the plane returns it.</summary>
    private static string Describe(JsonElement workload)
    {
        string? Text(string key) => workload.ValueKind == JsonValueKind.Object && workload.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var name = Text("name") ?? "?";
        var kind = Text("kind");
        var what = Text("image");
        if (what is null && workload.ValueKind == JsonValueKind.Object && workload.TryGetProperty("command", out var command)
            && command.ValueKind == JsonValueKind.Array && command.GetArrayLength() > 0)
            what = command[0].GetString();
        var detail = string.Join(' ', new[] { kind, what }.Where(s => !string.IsNullOrEmpty(s)));
        return detail.Length == 0 ? name : $"{name} ({detail})";
    }
}
