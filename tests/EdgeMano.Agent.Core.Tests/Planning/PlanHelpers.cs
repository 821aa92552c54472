using System.Collections.Immutable;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Planning;

/// <summary>One planner call from plain values.</summary>
internal static class PlanFor
{
    public static Plan Make(
        DateTimeOffset now,
        IEnumerable<WorkloadSpec> desired,
        IEnumerable<ObservedWorkload> observed,
        IEnumerable<WorkloadRecord>? records = null,
        IReadOnlyDictionary<WorkloadKind, string>? unavailable = null,
        HealthState health = HealthState.Unknown,
        string healthDetail = "") =>
        Planner.Create(new PlanInput
        {
            Desired = new DesiredSet(Desired(1, [.. desired])),
            Observed = observed.ToList(),
            Records = (records ?? []).ToDictionary(r => r.Name, StringComparer.Ordinal),
            Now = now,
            Unavailable = unavailable ?? ImmutableDictionary<WorkloadKind, string>.Empty,
            HealthOf = (_, _) => health,
            HealthDetailOf = _ => healthDetail,
        });

    /// <summary>The records a plan leaves, as the next pass would load them (no runner in between).</summary>
    public static IEnumerable<WorkloadRecord> Carry(Plan plan) => plan.Records.Values;
}

/// <summary>
/// Planner + real PlanRunner over fake runtimes and a fake clock: the reconcile loop without the
/// store or the scheduling, so a test drives each pass and the time between passes itself.
/// </summary>
internal sealed class PlanLoop
{
    private readonly Dictionary<string, WorkloadRecord> _records = new(StringComparer.Ordinal);
    private readonly PlanRunner _runner;

    public PlanLoop(params WorkloadSpec[] desired)
    {
        Docker = new FakeRuntime("docker", Time, WorkloadKind.Container);
        Process = new FakeRuntime("process", Time, WorkloadKind.Process);
        Runtimes = new RuntimeSet([Docker, Process]);
        _runner = new PlanRunner(Runtimes, Time, new ReconcilerOptions(), NullLogger.Instance);
        Desired = new DesiredSet(Specs.Desired(1, desired));
    }

    public FakeTimeProvider Time { get; } = new(T0);
    public FakeRuntime Docker { get; }
    public FakeRuntime Process { get; }
    public RuntimeSet Runtimes { get; }
    public DesiredSet Desired { get; set; }
    public Func<string, string, HealthState> HealthOf { get; set; } = static (_, _) => HealthState.Unknown;
    public List<AgentEvent> Events { get; } = [];
    public Plan? LastPlan { get; private set; }

    public WorkloadRecord Record(string name) => _records[name];

    public async Task<Plan> PassAsync()
    {
        var observation = await Runtimes.ObserveAsync(CancellationToken.None);
        var plan = Planner.Create(new PlanInput
        {
            Desired = Desired,
            Observed = observation.Instances,
            Records = new Dictionary<string, WorkloadRecord>(_records, StringComparer.Ordinal),
            Now = Time.GetUtcNow(),
            Unavailable = observation.Unavailable,
            HealthOf = HealthOf,
        });
        var result = await _runner.RunAsync(plan, CancellationToken.None);
        foreach (var name in plan.RemovedRecords) _records.Remove(name);
        foreach (var (name, record) in result.Records) _records[name] = record;
        Events.AddRange(result.Events);
        LastPlan = plan;
        return plan;
    }

    /// <summary>Moves the clock to <paramref name="at"/> (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        var delta = at - Time.GetUtcNow();
        if (delta > TimeSpan.Zero) Time.Advance(delta);
    }
}
