// Managed bytes an idle agent allocates, by part: the driver alone, one reconcile pass and its
// pieces, and the whole agent (store + drivers + reconciler loop, as Host/Daemon/AgentDaemon wires
// them, without the Host's control socket, logging and uplink) over several windows. Garbage made
// while idle stays resident until a GC, so these rates are what makes an idle agent's RSS grow.
// Prints `name value` lines on stdout; progress on stderr.
using System.Collections.Concurrent;
using System.Globalization;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Agent.Runtimes.Docker;
using EdgeMano.Agent.Runtimes.Health;
using EdgeMano.Agent.Runtimes.Processes;
using EdgeMano.Agent.Store;
using Microsoft.Extensions.Logging.Abstractions;

var runtime = "process";
var seconds = 60;
var windows = 3;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runtime": runtime = args[++i]; break;
        case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--windows": windows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: EdgeMano.IdleAlloc [--runtime process|docker] [--seconds S (window, default 60)] [--windows N (default 3)]");
            return 2;
    }
}
if (runtime is not ("process" or "docker")) { Console.Error.WriteLine("--runtime: process or docker"); return 2; }
var docker = runtime == "docker";

var node = $"idle{Environment.ProcessId}x{Random.Shared.Next(100000)}";
var stateDir = Directory.CreateTempSubdirectory("edgemano-idlealloc-").FullName;
var exceptions = new ConcurrentDictionary<string, int>();
var countExceptions = false;
AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
{
    if (Volatile.Read(ref countExceptions)) exceptions.AddOrUpdate($"{e.Exception.GetType().Name}: {e.Exception.Message}", 1, (_, n) => n + 1);
};
void Log(string text) => Console.Error.WriteLine($"[idle-alloc] {text}");
void Figure(string name, double value) => Console.WriteLine($"idle_alloc_{runtime}_{name} {value.ToString("0", CultureInfo.InvariantCulture)}");
static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

async Task<double> PerCallAsync(Func<Task> call, int warmup = 10, int calls = 20)
{
    for (var i = 0; i < warmup; i++) await call();
    var before = Allocated();
    for (var i = 0; i < calls; i++) await call();
    return (Allocated() - before) / (double)calls;
}

async Task<double> RateAsync(int windowSeconds)
{
    var before = Allocated();
    await Task.Delay(TimeSpan.FromSeconds(windowSeconds));
    return (Allocated() - before) / (double)windowSeconds;
}

WorkloadSpec Spec(int i) => new()
{
    Name = $"sleep-{i}",
    Kind = docker ? WorkloadKind.Container : WorkloadKind.Process,
    Image = docker ? "local/busybox:1" : "",
    Command = new ValueList<string>(docker ? ["sleep", "3600"] : ["/bin/sleep", "3600"]),
};

IWorkloadRuntime NewDriver() => docker
    ? new DockerRuntime(new DockerRuntimeOptions { NodeId = node })
    : new ProcessRuntime(new ProcessRuntimeOptions { StateDirectory = stateDir, NodeId = node });

async Task RemoveAllAsync()
{
    var cleaner = NewDriver();
    try
    {
        foreach (var instance in await cleaner.ListAsync(CancellationToken.None))
            await cleaner.RemoveAsync(instance, TimeSpan.FromSeconds(1), CancellationToken.None);
    }
    finally
    {
        (cleaner as IDisposable)?.Dispose();
    }
}

try
{
    // 1. The driver alone: what one List costs, and what its own background work costs while idle.
    Log($"node {node}: driver alone, 10 {runtime} workloads");
    var driver = NewDriver();
    for (var i = 1; i <= 10; i++) await driver.CreateAsync(Spec(i), "h" + i, CancellationToken.None);
    Figure("driver_list_bytes_per_call", await PerCallAsync(() => driver.ListAsync(CancellationToken.None)));
    Figure("driver_idle_bytes_per_s", await RateAsync(Math.Min(seconds, 30)));
    (driver as IDisposable)?.Dispose();
    if (!docker)
    {
        // After an agent restart the workloads are adopted (not children): checked through /proc.
        var adopting = NewDriver();
        await adopting.ListAsync(CancellationToken.None);
        Figure("driver_adopted_list_bytes_per_call", await PerCallAsync(() => adopting.ListAsync(CancellationToken.None)));
        Figure("driver_adopted_idle_bytes_per_s", await RateAsync(Math.Min(seconds, 30)));
        (adopting as IDisposable)?.Dispose();
    }
    await RemoveAllAsync();

    // 2. The agent without its Host: store, drivers, health prober and the reconciler loop.
    Log("whole agent (store + drivers + reconciler), applying 10 workloads");
    using var store = LiteAgentStore.Open(stateDir);
    var yaml = "apiVersion: edgemano/v1\nkind: DesiredState\nworkloads:\n" + string.Concat(Enumerable.Range(1, 10).Select(i => docker
        ? $"  - name: sleep-{i}\n    kind: container\n    image: local/busybox:1\n    command: [sleep, \"3600\"]\n"
        : $"  - name: sleep-{i}\n    kind: process\n    command: [/bin/sleep, \"3600\"]\n    restart: {{policy: always}}\n"));
    var parsed = DesiredStateYaml.Parse(yaml, "ten.yaml", node);
    var intake = DesiredStateIntake.Offer(store, parsed.State ?? throw new InvalidOperationException(string.Join("; ", parsed.Errors)), node);
    if (!intake.Accepted) throw new InvalidOperationException(intake.ErrorText);
    var drivers = new List<IWorkloadRuntime>();
    if (docker) drivers.Add(new DockerRuntime(new DockerRuntimeOptions { NodeId = node }));
    drivers.Add(new ProcessRuntime(new ProcessRuntimeOptions { StateDirectory = stateDir, NodeId = node })); // always there, as in the agent
    var runtimes = new RuntimeSet(drivers);
    using var prober = new HealthProber();
    var reconciler = new Reconciler(store, runtimes, prober, TimeProvider.System, new ReconcilerOptions { NodeId = node }, NullLogger.Instance);
    using var stop = new CancellationTokenSource();
    var loop = reconciler.RunAsync(stop.Token);
    var deadline = DateTime.UtcNow.AddMinutes(3);
    while (reconciler.Snapshot.Workloads.Count(w => w.Phase == WorkloadPhase.Running) < 10)
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException("the 10 workloads did not reach Running within 3 minutes");
        await Task.Delay(200);
    }
    await Task.Delay(TimeSpan.FromSeconds(5));
    Volatile.Write(ref countExceptions, true);
    var rates = new List<double>();
    for (var w = 0; w < windows; w++)
    {
        var rate = await RateAsync(seconds);
        rates.Add(rate);
        Log($"window {w + 1}/{windows}: {rate:0} B/s");
    }
    Volatile.Write(ref countExceptions, false);
    rates.Sort();
    Figure("agent_bytes_per_s", rates[rates.Count / 2]);
    Figure("agent_exceptions_while_idle", exceptions.Values.Sum());
    foreach (var (what, n) in exceptions) Log($"thrown while idle ({n}x): {what}");

    // 3. One resync pass and its parts (the pass runs every 30 s on an idle node).
    Figure("resync_pass_bytes", await PerCallAsync(() => reconciler.ReconcileOnceAsync(CancellationToken.None)));
    Figure("store_load_desired_bytes", await PerCallAsync(() => Task.FromResult(store.LoadDesired())));
    Figure("store_load_records_bytes", await PerCallAsync(() => Task.FromResult(store.LoadRecords())));
    Figure("observe_bytes", await PerCallAsync(() => runtimes.ObserveAsync(CancellationToken.None)));

    await stop.CancelAsync();
    await loop;
    foreach (var d in drivers)
    {
        foreach (var instance in await d.ListAsync(CancellationToken.None))
            await d.RemoveAsync(instance, TimeSpan.FromSeconds(1), CancellationToken.None);
        (d as IDisposable)?.Dispose();
    }
    return 0;
}
finally
{
    try { await RemoveAllAsync(); } catch (RuntimeException e) { Log($"cleanup: {e.Message}"); }
    try { Directory.Delete(stateDir, recursive: true); } catch (IOException) { }
}
