using EdgeMano.FleetSim;
using EdgeMano.FleetSim.Processes;
using EdgeMano.FleetSim.Report;
using EdgeMano.FleetSim.Scenarios;
using EdgeMano.FleetSim.Sim;

if (args is ["embedded-broker", ..]) return await EmbeddedFloorHost.RunAsync(direct: args.Contains("--direct"));

SimOptions options;
try
{
    options = SimOptions.Parse(args);
}
catch (UsageException ex)
{
    if (ex.Message.Length > 0) Console.Error.WriteLine($"edgemano-fleetsim: {ex.Message}\n");
    Console.Error.WriteLine(SimOptions.Usage);
    return ex.Message.Length > 0 ? 2 : 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var workDir = options.WorkDir ?? Directory.CreateTempSubdirectory("edgemano-fleetsim.").FullName;
Directory.CreateDirectory(workDir);
var runId = $"fs{Environment.ProcessId}x{Random.Shared.Next(1000, 9999)}";
var summaries = new Dictionary<string, PhaseSummary>();
Figures.Log($"run {runId}: {options.Nodes} nodes, broker {options.Broker}, phases {string.Join(",", options.Phases)}, work dir {workDir}");

try
{
    foreach (var phase in options.Phases)
    {
        var prefix = $"fleet_{options.Broker}_{options.Nodes}_{phase}";
        var phaseId = $"{runId}{phase[0]}";
        await using var target = await StartTargetAsync(phase, phaseId, cancel.Token);
        using var fleet = new SimFleet(phaseId, options.Nodes, "127.0.0.1", target.NodePort);
        if (target is FloorTarget floor) await floor.AttachAsync(fleet, cancel.Token);
        var figures = new Figures(prefix);
        var scenario = new FleetScenario(options, target, fleet, figures, new Details(options.DetailsDir, prefix));
        // A phase that runs over its budget is cut short (figures so far stand), so one pathological
        // case cannot hold the whole run hostage.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        budget.CancelAfter(TimeSpan.FromSeconds(options.PhaseBudgetSeconds));
        var started = Mark.Now();
        try
        {
            summaries[phase] = await scenario.RunAsync(budget.Token);
            Figures.Log($"{prefix}: done; stopping");
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            figures.Add("aborted_after_s", started.Elapsed);
            figures.Add("aborted_nodes_connected", fleet.Nodes.Count(n => n.IsConnected));
            Figures.Log($"{prefix}: ABORTED: over the phase budget of {options.PhaseBudgetSeconds} s in step '{scenario.Step}' "
                + $"({fleet.Nodes.Count(n => n.IsConnected)} of {fleet.Count} nodes connected); the rest of this phase is not measured");
        }
    }
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or OperationCanceledException)
{
    Console.Error.WriteLine($"edgemano-fleetsim: {ex.Message}");
    return 1;
}

// The plane's times as a ratio to each floor's (goal <= 1.5).
foreach (var (floorPhase, suffix) in new[] { ("floor", ""), ("floordirect", "_direct") })
{
    if (!summaries.TryGetValue("plane", out var p) || !summaries.TryGetValue(floorPhase, out var f)) continue;
    var ratio = new Figures($"fleet_{options.Broker}_{options.Nodes}_ratio{suffix}");
    ratio.Add("connect_all", p.ConnectAll / f.ConnectAll);
    ratio.Add("fanout_all_acked", p.FanoutAll / f.FanoutAll);
    ratio.Add("fanout_p99", p.FanoutP99 / f.FanoutP99);
    ratio.Add("storm_all_in_sync", p.StormAll / f.StormAll);
    ratio.Add("storm_p99", p.StormP99 / f.StormP99);
}
return 0;

async Task<IFleetTarget> StartTargetAsync(string phase, string phaseId, CancellationToken ct)
{
    var mosquitto = options.Broker == "mosquitto"
        ? await MosquittoServer.StartAsync(workDir, $"{options.Nodes}-{phase}", options.MosquittoProfile, options.MosquittoExtra, options.PidFile)
        : null;
    if (phase == "plane")
    {
        var plane = await PlaneServer.StartAsync(options.PlaneExe, workDir, $"{options.Broker}-{options.Nodes}", mosquitto?.Port, options.PlaneLogLevel, options.PlaneEnv, options.PidFile);
        Figures.Log($"plane pid {plane.Process.Pid} on http :{plane.HttpPort}" + (mosquitto is null ? $", embedded broker :{plane.MqttPort}" : $", mosquitto pid {mosquitto.Process.Pid} :{mosquitto.Port}"));
        return new PlaneTarget(plane, mosquitto, phaseId, new Details(options.DetailsDir, $"fleet_{options.Broker}_{options.Nodes}_{phase}"));
    }
    IFloorBroker broker = mosquitto is null
        ? await EmbeddedFloorBroker.StartAsync(direct: phase == "floordirect", options.PidFile)
        : new MosquittoFloorBroker(mosquitto);
    return await FloorTarget.StartAsync(broker, options.Window, ct);
}
