using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Runtime;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Planning;

/// <summary>Running instances: health-driven replacement and the healthy-run reset of the failure streak.</summary>
public sealed class PlannerHealthTests
{
    private static WorkloadRecord RunningRecord(WorkloadSpec spec, int failures = 0, HealthState health = HealthState.Unknown) => new()
    {
        Name = spec.Name, SpecHash = SpecHash.Compute(spec), Phase = WorkloadPhase.Running, RuntimeId = "c1",
        ConsecutiveFailures = failures, Restarts = failures, Health = health, Since = T0.AddMinutes(-5),
    };

    [Fact]
    public void Create_HealthyRunLongerThanReset_ForgivesFailures()
    {
        var web = Container("web", restart: RestartPolicy(healthyResetSeconds: 60));
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0.AddSeconds(-60))], [RunningRecord(web, failures: 4)]);
        Assert.Equal(0, plan.Records["web"].ConsecutiveFailures);
        Assert.Equal(4, plan.Records["web"].Restarts);
    }

    [Fact]
    public void Create_RunShorterThanReset_KeepsFailuresAndWakesAtResetTime()
    {
        var web = Container("web", restart: RestartPolicy(healthyResetSeconds: 60));
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0.AddSeconds(-20))], [RunningRecord(web, failures: 4)]);
        Assert.Equal(4, plan.Records["web"].ConsecutiveFailures);
        Assert.Equal(T0.AddSeconds(40), plan.WakeAt);
        Assert.Empty(plan.Commands);
    }

    [Fact]
    public void Create_UnhealthyLongRun_DoesNotForgiveFailures()
    {
        var web = Container("web", restart: RestartPolicy(healthyResetSeconds: 60), health: HttpProbe());
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0.AddHours(-1))], [RunningRecord(web, failures: 2)], health: HealthState.Unhealthy);
        Assert.Equal(2, plan.Records["web"].ConsecutiveFailures);
    }

    [Fact]
    public void Create_HealthyAfterRestarts_ResetMakesNextExitBackOffOneUnit()
    {
        var web = Container("web", restart: RestartPolicy(healthyResetSeconds: 60));
        var healthy = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0.AddMinutes(-2))], [RunningRecord(web, failures: 6)]);

        var exit = Observed(web, "c1", InstanceState.Exited, exitCode: 1, startedAt: T0.AddMinutes(-2), finishedAt: T0.AddSeconds(1));
        var afterExit = PlanFor.Make(T0.AddSeconds(1), [web], [exit], PlanFor.Carry(healthy));
        Assert.Equal(T0.AddSeconds(2), afterExit.Records["web"].NextAttemptAt);
    }

    [Fact]
    public void Create_Unhealthy_ReplacedAfterBackoff()
    {
        var web = Container("web", health: HttpProbe());
        var running = Observed(web, "c1", startedAt: T0.AddSeconds(-30));
        var rec = RunningRecord(web, failures: 1, health: HealthState.Healthy);

        var first = PlanFor.Make(T0, [web], [running], [rec], health: HealthState.Unhealthy, healthDetail: "GET :8080/ -> 503");
        Assert.Empty(first.Commands);
        Assert.Equal(T0.AddSeconds(2), first.Records["web"].NextAttemptAt);
        Assert.Equal(T0.AddSeconds(2), first.WakeAt);
        Assert.Equal(HealthState.Unhealthy, first.Records["web"].Health);
        var ev = Assert.Single(first.Events);
        Assert.Equal("Unhealthy", ev.Reason);
        Assert.Contains("503", ev.Message);

        var due = PlanFor.Make(T0.AddSeconds(2), [web], [running], PlanFor.Carry(first), health: HealthState.Unhealthy, healthDetail: "GET :8080/ -> 503");
        var replace = Assert.IsType<ReplaceCommand>(Assert.Single(due.Commands));
        Assert.Equal("c1", replace.Instance.RuntimeId);
        Assert.Contains("503", replace.Reason);
        Assert.Empty(due.Events);
    }

    [Fact]
    public void Create_UnhealthyWithNeverPolicy_ReportedButNotReplaced()
    {
        var web = Container("web", restart: RestartPolicy(RestartMode.Never), health: HttpProbe());
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0)], [RunningRecord(web)], health: HealthState.Unhealthy);
        Assert.Empty(plan.Commands);
        Assert.Null(plan.WakeAt);
        Assert.Equal(HealthState.Unhealthy, plan.Records["web"].Health);
        Assert.Equal("Unhealthy", Assert.Single(plan.Events).Reason);
    }

    [Fact]
    public void Create_UnhealthyAtRestartLimit_FailedNotReplaced()
    {
        var web = Container("web", restart: RestartPolicy(maxRetries: 3), health: HttpProbe());
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0)], [RunningRecord(web, failures: 3)], health: HealthState.Unhealthy, healthDetail: "timeout");
        Assert.Empty(plan.Commands);
        var rec = plan.Records["web"];
        Assert.Equal(WorkloadPhase.Failed, rec.Phase);
        Assert.Contains("restart limit", rec.LastError);
        Assert.Contains(plan.Events, e => e.Reason == "Failed");

        var later = PlanFor.Make(T0.AddHours(1), [web], [Observed(web, "c1", startedAt: T0)], PlanFor.Carry(plan), health: HealthState.Unhealthy);
        Assert.Empty(later.Commands);
        Assert.Equal(WorkloadPhase.Failed, later.Records["web"].Phase);
    }

    [Fact]
    public void Create_RecoveredBeforeReplace_EventAndNoReplace()
    {
        var web = Container("web", health: HttpProbe());
        var running = Observed(web, "c1", startedAt: T0.AddSeconds(-30));
        var unhealthy = PlanFor.Make(T0, [web], [running], [RunningRecord(web, health: HealthState.Healthy)], health: HealthState.Unhealthy);

        var recovered = PlanFor.Make(T0.AddSeconds(5), [web], [running], PlanFor.Carry(unhealthy), health: HealthState.Healthy);
        Assert.Empty(recovered.Commands);
        Assert.Equal("Healthy", Assert.Single(recovered.Events).Reason);
        Assert.Equal(HealthState.Healthy, recovered.Records["web"].Health);
    }

    [Fact]
    public void Create_UnhealthyAgainLongAfterRecovery_WaitsAFreshBackoff()
    {
        // Unhealthy at T0 (replace due T0+1 s), healthy again at T0+0.5 s, unhealthy again an hour
        // later: the old deadline must not let the replace skip its backoff.
        var web = Container("web", health: HttpProbe());
        var running = Observed(web, "c1", startedAt: T0.AddSeconds(-30));
        var unhealthy = PlanFor.Make(T0, [web], [running], [RunningRecord(web, health: HealthState.Healthy)], health: HealthState.Unhealthy);
        var recovered = PlanFor.Make(T0.AddMilliseconds(500), [web], [running], PlanFor.Carry(unhealthy), health: HealthState.Healthy);

        var again = PlanFor.Make(T0.AddHours(1), [web], [running], PlanFor.Carry(recovered), health: HealthState.Unhealthy);

        Assert.Empty(again.Commands);
        Assert.Equal(T0.AddHours(1).AddSeconds(1), again.Records["web"].NextAttemptAt);
    }

    [Fact]
    public void Create_NoProbe_HealthNoneWhateverTrackerSays()
    {
        var web = Container("web");
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0)], health: HealthState.Unhealthy);
        Assert.Empty(plan.Commands);
        Assert.Equal(HealthState.None, plan.Records["web"].Health);
        Assert.Empty(plan.Events);
    }
}
