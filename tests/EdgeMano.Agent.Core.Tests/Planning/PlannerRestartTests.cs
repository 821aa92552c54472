using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Runtime;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Planning;

/// <summary>Restart policy after an exit: backoff, growth, cap, retry limit, exit codes.</summary>
public sealed class PlannerRestartTests
{
    private static ObservedWorkload ExitedAt(WorkloadSpec spec, DateTimeOffset finishedAt, int? code = 1, string id = "c1") =>
        Observed(spec, id, InstanceState.Exited, exitCode: code, startedAt: finishedAt.AddSeconds(-1), finishedAt: finishedAt);

    [Fact]
    public void Create_ExitedWithAlways_BacksOffThenStartsAtDueTime()
    {
        var web = Container("web");
        var exited = ExitedAt(web, T0);

        var atExit = PlanFor.Make(T0, [web], [exited]);
        Assert.Empty(atExit.Commands);
        var rec = atExit.Records["web"];
        Assert.Equal(WorkloadPhase.BackingOff, rec.Phase);
        Assert.Equal(T0.AddSeconds(1), rec.NextAttemptAt);
        Assert.Equal(T0.AddSeconds(1), atExit.WakeAt);
        Assert.Equal(1, rec.LastExitCode);
        var ev = Assert.Single(atExit.Events);
        Assert.Equal("Exited", ev.Reason);
        Assert.Equal("warning", ev.Severity);

        var justBefore = PlanFor.Make(T0.AddMilliseconds(999), [web], [exited], PlanFor.Carry(atExit));
        Assert.Empty(justBefore.Commands);
        Assert.Equal(T0.AddSeconds(1), justBefore.WakeAt);

        var due = PlanFor.Make(T0.AddSeconds(1), [web], [exited], PlanFor.Carry(justBefore));
        Assert.Equal("c1", Assert.IsType<StartCommand>(Assert.Single(due.Commands)).Instance.RuntimeId);
        Assert.Null(due.WakeAt);
    }

    [Fact]
    public void Create_ExitSeenLate_DelayCountsFromFinishTime()
    {
        var web = Container("web");
        // The agent looks 10 s after the exit: the 1 s backoff is already over.
        var plan = PlanFor.Make(T0.AddSeconds(10), [web], [ExitedAt(web, T0)]);
        Assert.IsType<StartCommand>(Assert.Single(plan.Commands));
        Assert.Equal(T0.AddSeconds(1), plan.Records["web"].NextAttemptAt);
    }

    [Fact]
    public void Create_OneExit_CountedOnce()
    {
        var web = Container("web");
        var exited = ExitedAt(web, T0, code: 2);

        var first = PlanFor.Make(T0, [web], [exited]);
        var second = PlanFor.Make(T0.AddMilliseconds(500), [web], [exited], PlanFor.Carry(first));

        Assert.Single(first.Events);
        Assert.Empty(second.Events);
        Assert.Equal(first.Records["web"], second.Records["web"]);
        Assert.Equal(T0, second.Records["web"].HandledExitAt);
    }

    [Fact]
    public async Task Create_RepeatedExits_IntervalsDoubleAndCap()
    {
        var web = Container("web", restart: RestartPolicy(unitSeconds: 1, capSeconds: 4));
        var loop = new PlanLoop(web);
        loop.Docker.CrashAfterStart("web", TimeSpan.FromMilliseconds(500), exitCode: 1);

        await loop.PassAsync();
        Assert.Equal(1, loop.Docker.CreateCalls);
        var delays = new List<double>();
        for (var exit = 0; exit < 6; exit++)
        {
            loop.Time.Advance(TimeSpan.FromMilliseconds(500));
            await loop.PassAsync();
            var rec = loop.Record("web");
            Assert.Equal(WorkloadPhase.BackingOff, rec.Phase);
            Assert.Equal(loop.Time.GetUtcNow(), rec.HandledExitAt);
            delays.Add((rec.NextAttemptAt!.Value - rec.HandledExitAt!.Value).TotalSeconds);
            Assert.Equal(rec.NextAttemptAt, loop.LastPlan!.WakeAt);

            loop.AdvanceTo(rec.NextAttemptAt.Value);
            await loop.PassAsync();
            Assert.IsType<StartCommand>(Assert.Single(loop.LastPlan.Commands));
            Assert.Equal(WorkloadPhase.Running, loop.Record("web").Phase);
        }

        Assert.Equal([1, 2, 4, 4, 4, 4], delays);
        Assert.Equal(6, loop.Docker.StartCalls);
        Assert.Equal(6, loop.Record("web").Restarts);
        Assert.Equal(1, loop.Docker.CreateCalls);
    }

    [Fact]
    public async Task Create_MaxRetriesReached_FailedWithRestartLimitReason()
    {
        var web = Container("web", restart: RestartPolicy(maxRetries: 2));
        var loop = new PlanLoop(web);
        loop.Docker.CrashAfterStart("web", TimeSpan.FromSeconds(1), exitCode: 3);
        await loop.PassAsync();

        for (var restart = 0; restart < 2; restart++)
        {
            loop.Time.Advance(TimeSpan.FromSeconds(1));
            await loop.PassAsync();
            loop.AdvanceTo(loop.Record("web").NextAttemptAt!.Value);
            await loop.PassAsync();
        }
        Assert.Equal(2, loop.Docker.StartCalls);

        loop.Time.Advance(TimeSpan.FromSeconds(1));
        var plan = await loop.PassAsync();

        var rec = loop.Record("web");
        Assert.Equal(WorkloadPhase.Failed, rec.Phase);
        Assert.Contains("restart limit", rec.LastError);
        Assert.Contains("exit code 3", rec.LastError);
        Assert.Null(rec.NextAttemptAt);
        Assert.Null(plan.WakeAt);
        var failed = Assert.Single(loop.Events, e => e.Reason == "Failed");
        Assert.Equal("error", failed.Severity);

        loop.Time.Advance(TimeSpan.FromHours(1));
        await loop.PassAsync();
        Assert.Empty(loop.LastPlan!.Commands);
        Assert.Equal(2, loop.Docker.StartCalls);
        Assert.Single(loop.Events, e => e.Reason == "Failed");
    }

    [Theory]
    [InlineData(RestartMode.OnFailure, 0)]
    [InlineData(RestartMode.Never, 0)]
    [InlineData(RestartMode.Never, 1)]
    [InlineData(RestartMode.Never, null)]
    public void Create_PolicyKeepsItStopped_ExitedNoRestart(RestartMode mode, int? code)
    {
        var web = Container("web", restart: RestartPolicy(mode));
        var exited = ExitedAt(web, T0, code);

        var plan = PlanFor.Make(T0, [web], [exited]);
        Assert.Empty(plan.Commands);
        Assert.Null(plan.WakeAt);
        var rec = plan.Records["web"];
        Assert.Equal(WorkloadPhase.Exited, rec.Phase);
        Assert.Equal(code, rec.LastExitCode);
        Assert.Null(rec.NextAttemptAt);
        Assert.Equal("Exited", Assert.Single(plan.Events).Reason);

        var later = PlanFor.Make(T0.AddHours(1), [web], [exited], PlanFor.Carry(plan));
        Assert.Empty(later.Commands);
        Assert.Empty(later.Events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(137)]
    [InlineData(null)]
    public void Create_OnFailureWithFailingOrUnknownExitCode_Restarts(int? code)
    {
        var web = Container("web", restart: RestartPolicy(RestartMode.OnFailure));
        var plan = PlanFor.Make(T0, [web], [ExitedAt(web, T0, code)]);
        Assert.Equal(WorkloadPhase.BackingOff, plan.Records["web"].Phase);
        Assert.Equal(T0.AddSeconds(1), plan.WakeAt);
        Assert.Contains(code?.ToString() ?? "unknown", Assert.Single(plan.Events).Message);
    }

    [Fact]
    public void Create_ExitAfterRestarts_DelayFollowsConsecutiveFailures()
    {
        var web = Container("web");
        var rec = new WorkloadRecord
        {
            Name = "web", SpecHash = SpecHash.Compute(web), Phase = WorkloadPhase.Running, RuntimeId = "c1", ConsecutiveFailures = 3, Restarts = 3,
            HandledExitAt = T0.AddSeconds(-20),
        };
        var plan = PlanFor.Make(T0, [web], [ExitedAt(web, T0)], [rec]);
        Assert.Equal(T0.AddSeconds(8), plan.Records["web"].NextAttemptAt);
    }

    [Fact]
    public void Create_ExitedWithoutFinishTime_RestartedAfterBackoff()
    {
        // A driver that cannot tell when an instance ended (FinishedAt null, allowed by the port)
        // must still see it restarted once the backoff is over, with one Exited event.
        var web = Container("web");
        var exited = Observed(web, "c1", InstanceState.Exited, exitCode: null, startedAt: T0.AddSeconds(-5), finishedAt: null);

        var first = PlanFor.Make(T0, [web], [exited]);
        Assert.Equal(WorkloadPhase.BackingOff, first.Records["web"].Phase);
        var due = first.WakeAt ?? throw new Xunit.Sdk.XunitException("no wake time after the exit");

        var second = PlanFor.Make(due, [web], [exited], PlanFor.Carry(first));
        Assert.Empty(second.Events);
        Assert.IsType<StartCommand>(Assert.Single(second.Commands));
    }
}
