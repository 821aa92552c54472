using System.Globalization;
using EdgeMano.FleetSim.Processes;
using EdgeMano.FleetSim.Report;
using EdgeMano.FleetSim.Sim;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>
/// The real plane: desired state goes in as the bench deployment (PUT /api/v1/deployments), acks
/// are read back from the plane itself (/metrics edgemano_plane_nodes_in_sync while waiting, then
/// each node's inSync and lastSeen from GET /api/v1/nodes: lastSeen is when the plane took the
/// node's latest status, i.e. the ack).
/// </summary>
internal sealed class PlaneTarget(PlaneServer plane, MosquittoServer? mosquitto, string runId, Details details) : IFleetTarget
{
    // Not faster: at 10,000 nodes one /metrics answer costs the plane ~50 ms of CPU (it sorts every node).
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private readonly Mark _created = Mark.Now();
    private bool _headerWritten;

    /// <summary>/metrics requests the plane did not answer within 10 s.</summary>
    public int Unanswered { get; private set; }

    public string Kind => "plane";

    public int NodePort => mosquitto?.Port ?? plane.MqttPort;

    private string Selector => $"fleetsim={runId}";

    public async Task<double> WaitKnownAsync(SimFleet fleet, Mark connectStart, TimeSpan timeout, CancellationToken ct)
    {
        var m = await PollUntilAsync(v => v.Get("edgemano_plane_nodes") >= fleet.Count && v.Get("edgemano_plane_nodes_online") >= fleet.Count, timeout, ct);
        return m is null ? double.NaN : connectStart.Elapsed;
    }

    public async Task ChangeAsync(SimFleet fleet, int generation, CancellationToken ct) =>
        await plane.PutDeploymentAsync(BenchDeployment.Name, BenchDeployment.Yaml("fleetsim", runId, $"v{generation}"), ct);

    public async Task<AckResult> WaitAckedAsync(SimFleet fleet, long revision, Mark from, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = from.Elapsed + timeout.TotalSeconds;
        var remaining = TimeSpan.FromSeconds(Math.Max(1, deadline - from.Elapsed));
        await PollUntilAsync(v => v.Get("edgemano_plane_nodes_in_sync") >= v.Get("edgemano_plane_nodes") && v.Get("edgemano_plane_desired_pending") == 0, remaining, ct);
        var answer = await plane.NodesAsync(Selector, ct);
        if (answer is null)
            return new AckResult(Enumerable.Repeat(double.NaN, fleet.Count).ToArray(), double.NaN, fleet.Count, "the plane did not answer GET /api/v1/nodes: every node counted as not in sync");
        var nodes = answer.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var perNode = new double[fleet.Count];
        var lost = 0;
        var wrongRevision = 0;
        for (var i = 0; i < fleet.Count; i++)
        {
            perNode[i] = double.NaN;
            // In sync is the plane's own verdict. A node the plane registered late (its first status was
            // lost) has its own numbering, so the revision is only checked, not required.
            if (!nodes.TryGetValue(fleet.Nodes[i].Id, out var n) || !n.InSync || n.DesiredRevision == 0 || n.LastSeen is null)
            {
                lost++;
                continue;
            }
            if (n.DesiredRevision != revision) wrongRevision++;
            perNode[i] = from.SecondsTo(n.LastSeen.Value);
        }
        var stuck = fleet.Nodes.Select(n => nodes.GetValueOrDefault(n.Id)).Where(n => n is null || !n.InSync || n.DesiredRevision == 0).Take(5)
            .Select(n => n is null ? "(unknown)" : $"{n.Id} desired {n.DesiredRevision} observed {n.ObservedRevision} {n.Presence}").ToList();
        var note = $"{nodes.Count} nodes known to the plane, {fleet.Count - lost} of the fleet in sync"
            + (wrongRevision > 0 ? $", {wrongRevision} with a desired revision other than {revision}" : "")
            + (stuck.Count > 0 ? $"; not in sync: {string.Join("; ", stuck)}" : "");
        // The last node's ack as the plane stamped it (exact; the 1 s poll only tells when to look).
        return new AckResult(perNode, lost == 0 ? perNode.Max() : double.NaN, lost, note);
    }

    public async Task<double> WaitOfflineAsync(SimFleet fleet, Mark from, TimeSpan timeout, CancellationToken ct) =>
        await PollUntilAsync(v => v.Get("edgemano_plane_nodes_online") == 0, timeout, ct) is null ? double.NaN : from.Elapsed;

    public async Task<double> WaitHandedOffAsync(Mark from, TimeSpan timeout, CancellationToken ct) =>
        await PollUntilAsync(v => v.Get("edgemano_plane_desired_pending") == 0, timeout, ct) is null ? double.NaN : from.Elapsed;

    public IEnumerable<(string Name, double Value)> Resources()
    {
        var (rss, hwm) = plane.Process.Memory();
        yield return ("plane_rss_kb", rss);
        yield return ("plane_hwm_kb", hwm);
        yield return ("plane_cpu_s", plane.Process.CpuSeconds());
        yield return ("metrics_unanswered", Unanswered);
        if (mosquitto is null) yield break;
        yield return ("broker_rss_kb", mosquitto.Process.Memory().RssKb);
        yield return ("broker_cpu_s", mosquitto.Process.CpuSeconds());
    }

    public void WriteDetails(Details details)
    {
        // The /metrics samples are appended as they are taken (a run cut short keeps them).
    }

    public async ValueTask DisposeAsync()
    {
        await plane.DisposeAsync();
        if (mosquitto is not null) await mosquitto.DisposeAsync();
    }

    /// <summary>Polls /metrics until the condition holds (the values) or the timeout passes (null); every poll is kept as a sample.</summary>
    private async Task<Dictionary<string, long>?> PollUntilAsync(Func<Dictionary<string, long>, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var start = Mark.Now();
        while (true)
        {
            var asked = _created.Elapsed;
            var values = await plane.MetricsAsync(ct);
            if (values is null) Unanswered++;
            Sample(asked, values ?? []);
            if (values is not null && done(values)) return values;
            if (start.Elapsed > timeout.TotalSeconds) return null;
            await Task.Delay(PollEvery, ct);
        }
    }

    private void Sample(double asked, Dictionary<string, long> values)
    {
        if (!_headerWritten)
        {
            details.Append("plane_metrics", "time\tanswer_s\tnodes\tonline\tin_sync\tdesired_pending\tplane_rss_kb\tplane_cpu_s");
            _headerWritten = true;
        }
        var f = CultureInfo.InvariantCulture;
        details.Append("plane_metrics", string.Join('\t', DateTime.Now.AddSeconds(asked - _created.Elapsed).ToString("HH:mm:ss.fff", f), (_created.Elapsed - asked).ToString("0.000", f),
            values.Get("edgemano_plane_nodes"), values.Get("edgemano_plane_nodes_online"), values.Get("edgemano_plane_nodes_in_sync"),
            values.Get("edgemano_plane_desired_pending"), plane.Process.Memory().RssKb, plane.Process.CpuSeconds().ToString("0.00", f)));
    }
}

internal static class MetricValues
{
    public static long Get(this Dictionary<string, long> values, string name) => values.GetValueOrDefault(name, -1);
}
