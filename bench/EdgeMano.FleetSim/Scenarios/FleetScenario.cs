using EdgeMano.FleetSim.Report;
using EdgeMano.FleetSim.Sim;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>What a phase measured that the plane's figures are compared with (seconds).</summary>
internal sealed record PhaseSummary(double ConnectAll, double FanoutAll, double FanoutP99, double StormAll, double StormP99);

/// <summary>
/// One phase (the plane, or the floor) over one fleet: (1) connect all; (2) one deployment fanned
/// out, until every node acked; (3) the target's memory; (4) reconnect storm: every node goes offline,
/// the deployment changes <c>changes</c> times, every node comes back at once, until all are in sync,
/// with the desired-state bytes each node received.
/// </summary>
internal sealed class FleetScenario(SimOptions options, IFleetTarget target, SimFleet fleet, Figures fig, Details details)
{
    /// <summary>The step running now, for the message when the phase runs over its budget.</summary>
    public string Step { get; private set; } = "start";

    public async Task<PhaseSummary> RunAsync(CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        Figures.Log($"{fig.Prefix}: connecting {fleet.Count} nodes to 127.0.0.1:{target.NodePort} ({options.Parallel} in flight)");
        Step = "connect all";
        var connectStart = Mark.Now();
        var connect = await fleet.ConnectAllAsync(options.Parallel, ct);
        fig.Add("connect_all_s", connect.Seconds);
        fig.Add("connect_failed", connect.Failed);
        if (connect.FirstError is not null) Figures.Log($"first connect failure: {connect.FirstError}");
        if (target.Kind == "plane") fig.Add("registered_all_s", await target.WaitKnownAsync(fleet, connectStart, timeout, ct));

        // Fan-out: one deployment (revision 1) to every node.
        Step = "fan-out";
        fleet.ResetReceived();
        var before = Snapshot();
        var t0 = Mark.Now();
        Figures.Log($"{fig.Prefix}: fan-out of revision 1");
        await target.ChangeAsync(fleet, 1, ct);
        fig.Add("fanout_change_s", t0.Elapsed);
        if (target.Kind == "plane") fig.Add("fanout_handed_to_broker_s", await target.WaitHandedOffAsync(t0, timeout, ct));
        var fanout = await target.WaitAckedAsync(fleet, 1, t0, timeout, ct);
        Figures.Log($"{fig.Prefix}: fan-out: {fanout.Note}");
        LogUnacked(fanout);
        var received = FirstReceipt(t0, 1);
        fig.AddQuantiles("fanout_received", received);
        fig.Add("fanout_not_received", received.Count(double.IsNaN));
        fig.AddQuantiles("fanout_acked", fanout.PerNode);
        fig.Add("fanout_all_acked_s", fanout.AllSeconds);
        fig.Add("fanout_acks_lost", fanout.Lost);
        fig.Add("fanout_status_failures", fleet.Nodes.Sum(n => n.StatusFailures));
        AddDisconnects("fanout");
        AddResources(before, "fanout");
        details.Write("fanout_latency", Latencies(received, fanout.PerNode));

        // Reconnect storm.
        Step = "storm: going offline";
        var off = Mark.Now();
        Figures.Log($"{fig.Prefix}: storm: all nodes offline");
        var offline = await fleet.GoOfflineAllAsync(options.Parallel, ct);
        fig.Add("storm_disconnect_s", offline.Seconds);
        if (target.Kind == "plane") fig.Add("storm_offline_seen_s", await target.WaitOfflineAsync(fleet, off, timeout, ct));
        Step = "storm: changing the deployment";
        var latest = 1 + options.StormChanges;
        var c0 = Mark.Now();
        for (var g = 2; g <= latest; g++) await target.ChangeAsync(fleet, g, ct);
        fig.Add("storm_changes_s", c0.Elapsed);
        if (target.Kind == "plane") fig.Add("storm_changes_handed_to_broker_s", await target.WaitHandedOffAsync(c0, timeout, ct));
        fleet.ResetReceived();
        before = Snapshot();
        Figures.Log($"{fig.Prefix}: storm: {options.StormChanges} change(s) made offline; reconnecting all");
        Step = "storm: reconnecting";
        var r0 = Mark.Now();
        var reconnect = await fleet.ConnectAllAsync(options.Parallel, ct);
        fig.Add("storm_reconnect_all_s", reconnect.Seconds);
        fig.Add("storm_reconnect_failed", reconnect.Failed);
        var storm = await target.WaitAckedAsync(fleet, latest, r0, timeout, ct);
        Figures.Log($"{fig.Prefix}: storm: {storm.Note}");
        LogUnacked(storm);
        fig.AddQuantiles("storm_acked", storm.PerNode);
        fig.Add("storm_all_in_sync_s", storm.AllSeconds);
        fig.Add("storm_not_in_sync", storm.Lost);
        AddStormBytes(latest);
        AddDisconnects("storm");
        AddResources(before, "storm");
        details.Write("storm_latency", Latencies(FirstReceipt(r0, latest), storm.PerNode));
        target.WriteDetails(details);

        return new PhaseSummary(connect.Seconds, fanout.AllSeconds, Quantiles.Of(fanout.PerNode).P99, storm.AllSeconds, Quantiles.Of(storm.PerNode).P99);
    }

    /// <summary>Connections the broker or a timeout took from nodes so far (the nodes reconnect as agents do).</summary>
    private void AddDisconnects(string step)
    {
        var lost = fleet.Nodes.Where(n => n.UnexpectedDisconnects > 0).ToList();
        fig.Add($"{step}_unexpected_disconnects_total", fleet.Nodes.Sum(n => n.UnexpectedDisconnects));
        if (lost.Count > 0) Figures.Log($"{fig.Prefix}: {lost.Count} nodes lost their connection unasked so far, e.g. {lost[0].Id}: {lost[0].LastDisconnectReason}");
    }

    /// <summary>For nodes whose ack was not seen: what they received and what they reported, to tell a lost ack from a lost desired state.</summary>
    private void LogUnacked(AckResult result)
    {
        foreach (var i in Enumerable.Range(0, fleet.Count).Where(i => double.IsNaN(result.PerNode[i])).Take(5))
        {
            var node = fleet.Nodes[i];
            Figures.Log($"{fig.Prefix}: no ack from {node.Id}: received revisions [{string.Join(", ", node.Received().Select(r => r.Revision))}], "
                + $"statuses acknowledged by the broker with observed revisions [{string.Join(", ", node.StatusesSent())}], connected {node.IsConnected}, {node.StatusFailures} status failures {node.LastError}, {node.UnexpectedDisconnects} unexpected disconnects {node.LastDisconnectReason}");
        }
    }

    /// <summary>Seconds from the mark until each node first received <paramref name="revision"/> (NaN = never).</summary>
    private double[] FirstReceipt(Mark from, long revision) => fleet.Nodes
        .Select(n => n.Received().Where(r => r.Revision == revision).Select(r => from.SecondsTo(r.At)).DefaultIfEmpty(double.NaN).First())
        .ToArray();

    /// <summary>What the nodes received while reconnecting: only the latest revision, once, is the goal.</summary>
    private void AddStormBytes(long latest)
    {
        var perNode = fleet.Nodes.Select(n => n.Received()).ToList();
        var bytes = perNode.Select(r => (double)r.Sum(x => x.Bytes)).ToList();
        var latestSizes = perNode.SelectMany(r => r.Where(x => x.Revision == latest).Take(1).Select(x => (double)x.Bytes)).ToList();
        fig.Add("storm_desired_bytes_total", bytes.Sum());
        fig.Add("storm_desired_bytes_per_node_mean", bytes.Average());
        fig.Add("storm_desired_bytes_per_node_max", bytes.Max());
        fig.Add("storm_latest_payload_bytes", latestSizes.Count == 0 ? double.NaN : latestSizes.Average());
        fig.Add("storm_desired_messages_per_node_max", perNode.Max(r => r.Count));
        fig.Add("storm_nodes_given_older_revisions", perNode.Count(r => r.Any(x => x.Revision < latest)));
        fig.Add("storm_nodes_given_latest_twice", perNode.Count(r => r.Count(x => x.Revision == latest) > 1));
        fig.Add("storm_nodes_without_latest", perNode.Count(r => r.All(x => x.Revision != latest)));
    }

    private Dictionary<string, double> Snapshot()
    {
        var values = target.Resources().ToDictionary(r => r.Name, r => r.Value);
        values["sim_cpu_s"] = SelfCpuSeconds();
        return values;
    }

    /// <summary>Memory now, and CPU seconds each process spent since <paramref name="before"/>.</summary>
    private void AddResources(Dictionary<string, double> before, string step)
    {
        foreach (var (name, value) in Snapshot())
        {
            if (name.EndsWith("_cpu_s", StringComparison.Ordinal)) fig.Add($"{step}_{name}", value - before.GetValueOrDefault(name));
            else fig.Add($"after_{step}_{name}", value);
        }
        fig.Add($"after_{step}_sim_rss_kb", SelfRssKb());
    }

    private static IEnumerable<string> Latencies(double[] received, double[] acked) =>
        received.Zip(acked, (r, a) => $"{r:0.0000}\t{a:0.0000}").Prepend("received_s\tacked_s");

    private static double SelfCpuSeconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static long SelfRssKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }
}
