using System.Collections.Immutable;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Reconciliation;

public sealed class PlanRunnerTests
{
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeRuntime _docker;
    private readonly PlanRunner _runner;

    public PlanRunnerTests()
    {
        _docker = new FakeRuntime("docker", _time, WorkloadKind.Container);
        _runner = new PlanRunner(new RuntimeSet([_docker]), _time, new ReconcilerOptions(), NullLogger.Instance);
    }

    private static Plan PlanOf(IEnumerable<PlanCommand> commands, params WorkloadRecord[] records) =>
        new(new WorkloadDiff([], [], [], []), [.. commands], records.ToImmutableDictionary(r => r.Name), [], [], null);

    private static WorkloadRecord Pending(WorkloadSpec spec) => new() { Name = spec.Name, SpecHash = SpecHash.Compute(spec) };

    [Fact]
    public async Task Run_FailingCommand_RecordedAndTheRestStillRuns()
    {
        var a = Container("a", restart: RestartPolicy(unitSeconds: 3));
        var b = Container("b");
        _docker.FailNextCreate("docker: create a: image local/app:1 not found");

        var result = await _runner.RunAsync(PlanOf([new CreateCommand(Hashed(a)), new CreateCommand(Hashed(b))], Pending(a), Pending(b)), CancellationToken.None);

        Assert.Equal(1, result.Failed);
        Assert.Equal("b", Assert.Single(_docker.Instances).Name);
        var ra = result.Records["a"];
        Assert.Equal((WorkloadPhase.BackingOff, 1, T0.AddSeconds(3)), (ra.Phase, ra.ConsecutiveFailures, ra.NextAttemptAt));
        Assert.Contains("image local/app:1 not found", ra.LastError);
        Assert.Equal(WorkloadPhase.Running, result.Records["b"].Phase);
        var failed = Assert.Single(result.Events, e => e.Reason == "CommandFailed");
        Assert.Equal(("a", "warning"), (failed.Workload, failed.Severity));
        Assert.Contains("create a", failed.Message);
    }

    [Fact]
    public async Task Run_RepeatedFailures_BackoffGrows()
    {
        var a = Container("a");
        _docker.FailEveryCreate("docker: no space left on device");
        var rec = Pending(a);
        var delays = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var result = await _runner.RunAsync(PlanOf([new CreateCommand(Hashed(a))], rec), CancellationToken.None);
            rec = result.Records["a"];
            delays.Add((rec.NextAttemptAt!.Value - _time.GetUtcNow()).TotalSeconds);
            _time.Advance(TimeSpan.FromMinutes(10));
        }
        Assert.Equal([1, 2, 4, 8], delays);
    }

    [Fact]
    public async Task Run_Create_RecordRunningWithRuntimeIdAndErrorCleared()
    {
        var a = Container("a");
        var rec = Pending(a) with { Phase = WorkloadPhase.BackingOff, LastError = "earlier failure", ConsecutiveFailures = 2, NextAttemptAt = T0 };

        var result = await _runner.RunAsync(PlanOf([new CreateCommand(Hashed(a))], rec), CancellationToken.None);

        var after = result.Records["a"];
        Assert.Equal(WorkloadPhase.Running, after.Phase);
        Assert.Equal(Assert.Single(_docker.Instances).RuntimeId, after.RuntimeId);
        Assert.Equal("", after.LastError);
        Assert.Null(after.NextAttemptAt);
        Assert.Equal(T0, after.LastStartedAt);
        Assert.Equal(0, after.Restarts);
        Assert.Equal("Started", Assert.Single(result.Events).Reason);
    }

    [Fact]
    public async Task Run_Start_CountsARestart()
    {
        var a = Container("a");
        var exited = _docker.Add("a", SpecHash.Compute(a), InstanceState.Exited, exitCode: 1, finishedAt: T0);
        var rec = Pending(a) with { Phase = WorkloadPhase.BackingOff, RuntimeId = exited.RuntimeId, Restarts = 4, ConsecutiveFailures = 2 };

        var result = await _runner.RunAsync(PlanOf([new StartCommand(exited, Hashed(a))], rec), CancellationToken.None);

        var after = result.Records["a"];
        Assert.Equal((WorkloadPhase.Running, 5, 3, exited.RuntimeId), (after.Phase, after.Restarts, after.ConsecutiveFailures, after.RuntimeId));
        Assert.Equal(InstanceState.Running, Assert.Single(_docker.Instances).State);
    }

    [Fact]
    public async Task Run_Replace_RemovesThenCreatesFresh()
    {
        var a = Container("a", health: HttpProbe());
        var old = _docker.Add("a", SpecHash.Compute(a));
        var rec = Pending(a) with { Phase = WorkloadPhase.Running, RuntimeId = old.RuntimeId, Health = HealthState.Unhealthy };

        var result = await _runner.RunAsync(PlanOf([new ReplaceCommand(old, Hashed(a), "unhealthy: refused")], rec), CancellationToken.None);

        var now = Assert.Single(_docker.Instances);
        Assert.NotEqual(old.RuntimeId, now.RuntimeId);
        var after = result.Records["a"];
        Assert.Equal((now.RuntimeId, HealthState.Unknown, 1), (after.RuntimeId, after.Health, after.ConsecutiveFailures));
    }

    [Fact]
    public async Task Run_RemoveOfUnrecordedOrphan_RunsWithoutARecord()
    {
        var orphan = _docker.Add("orphan", "abc");
        var result = await _runner.RunAsync(PlanOf([new RemoveCommand(orphan, "no longer desired")]), CancellationToken.None);
        Assert.Empty(_docker.Instances);
        Assert.Empty(result.Records);
        Assert.Equal("Removed", Assert.Single(result.Events).Reason);
    }

    [Fact]
    public async Task Run_NoRuntimeForKind_FailsWithReadableReason()
    {
        var p = Process("worker");
        var result = await _runner.RunAsync(PlanOf([new CreateCommand(Hashed(p))], Pending(p)), CancellationToken.None);
        Assert.Equal(1, result.Failed);
        Assert.Equal("no runtime for process workloads on this node", result.Records["worker"].LastError);
    }
}
