using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Bench;

// Planner micro-benchmark: `new DesiredSet` (spec hashing), `WorkloadDiff.Compute` and the whole
// `Planner.Create` over N desired workloads against N observed instances. The three are measured
// interleaved, one of each per iteration, so machine noise hits all three alike and their ratios
// within one run are meaningful even when the absolute figures wander.
var workloads = IntArg("--workloads", 1000);
var iterations = IntArg("--iterations", 2000);
var warmupSeconds = IntArg("--warmup-seconds", 2);
var mode = RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot";

var fixture = PlannerFixture.Create(workloads);
var expectedCommands = 2 * fixture.Changed + fixture.Added + fixture.Removed;
if (!Check(fixture, expectedCommands)) return 1;

Console.WriteLine($"# planner bench ({mode}): {fixture.Desired.Workloads.Count} desired, {fixture.Observed.Count} observed " +
    $"({fixture.Unchanged} unchanged, {fixture.Changed} changed, {fixture.Added} added, {fixture.Removed} removed; " +
    $"{expectedCommands} commands), {iterations} iterations after {warmupSeconds} s warm-up, " +
    $"{Environment.ProcessorCount} cpus, .NET {Environment.Version}");

var input = fixture.Input();
var warmupEnd = Stopwatch.GetTimestamp() + warmupSeconds * Stopwatch.Frequency;
for (var n = 0; n < 200 || Stopwatch.GetTimestamp() < warmupEnd; n++) RunOnce(null, null, null);

var hashing = new Samples($"desired_set_hash_{workloads}", iterations);
var diff = new Samples($"planner_diff_{workloads}", iterations);
var create = new Samples($"planner_create_{workloads}", iterations);
for (var n = 0; n < iterations; n++) RunOnce(hashing, diff, create);

hashing.AllocatedBytesPerOp = AllocatedPerOp(() => Sink.Keep(new DesiredSet(fixture.State)));
diff.AllocatedBytesPerOp = AllocatedPerOp(() => Sink.Keep(WorkloadDiff.Compute(fixture.Desired, fixture.Observed)));
create.AllocatedBytesPerOp = AllocatedPerOp(() => Sink.Keep(Planner.Create(input)));

// Diagnostic, not agent code: the lookup Planner.PlanExisting did for every unchanged workload
// until 4c15b89 (a linear scan of all observed instances by name, O(n^2) over a plan), alone.
// Kept as the reference for that regression. Measured after the loop above so it cannot disturb it.
var unchangedSpecs = WorkloadDiff.Compute(fixture.Desired, fixture.Observed).Unchanged;
var scan = new Samples($"diagnostic_scan_observed_by_name_{workloads}", iterations / 4);
for (var n = 0; n < iterations / 4; n++)
{
    var start = Mark.Now();
    foreach (var w in unchangedSpecs) Sink.Keep(fixture.Observed.Where(o => o.Name == w.Name).ToList());
    scan.Add(start, Mark.Now());
}
scan.AllocatedBytesPerOp = AllocatedPerOp(() =>
{
    foreach (var w in unchangedSpecs) Sink.Keep(fixture.Observed.Where(o => o.Name == w.Name).ToList());
});

foreach (var samples in new[] { hashing, diff, create, scan })
    foreach (var line in samples.Lines(mode)) Console.WriteLine(line);
Console.WriteLine($"planner_create_over_diff_cpu_median_ratio_{mode} {Samples.Format(create.CpuMedian / diff.CpuMedian)}");
Console.WriteLine($"gc_collections_gen0_gen1_gen2_{mode} {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
return 0;

void RunOnce(Samples? h, Samples? d, Samples? c)
{
    var t0 = Mark.Now();
    Sink.Keep(new DesiredSet(fixture.State));
    var t1 = Mark.Now();
    Sink.Keep(WorkloadDiff.Compute(fixture.Desired, fixture.Observed));
    var t2 = Mark.Now();
    Sink.Keep(Planner.Create(input));
    var t3 = Mark.Now();
    h?.Add(t0, t1);
    d?.Add(t1, t2);
    c?.Add(t2, t3);
}

static long AllocatedPerOp(Action op)
{
    const int Runs = 50;
    op();
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < Runs; i++) op();
    return (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
}

// The fixture must produce the mix it claims, or the figures measure something else.
static bool Check(PlannerFixture f, int expectedCommands)
{
    var d = WorkloadDiff.Compute(f.Desired, f.Observed);
    var plan = Planner.Create(f.Input());
    var ok = d.Unchanged.Length == f.Unchanged && d.Updated.Length == f.Changed && d.Added.Length == f.Added
        && d.Removed.Length == f.Removed && plan.Commands.Length == expectedCommands;
    if (!ok)
        Console.Error.WriteLine($"fixture is wrong: diff {d.Unchanged.Length} unchanged / {d.Updated.Length} updated / {d.Added.Length} added / " +
            $"{d.Removed.Length} removed, plan {plan.Commands.Length} commands; expected {f.Unchanged}/{f.Changed}/{f.Added}/{f.Removed}, {expectedCommands}");
    return ok;
}

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    if (i < 0) return fallback;
    if (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0) return v;
    Console.Error.WriteLine($"{name}: expected a positive whole number");
    Environment.Exit(2);
    return 0;
}

/// <summary>Keeps results reachable so no call is optimized away.</summary>
internal static class Sink
{
    private static object? _last;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Keep(object value) => _last = value;

    public static object? Last => _last;
}
