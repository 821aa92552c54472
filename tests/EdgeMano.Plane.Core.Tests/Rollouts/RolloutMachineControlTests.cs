using EdgeMano.Plane.Core.Rollouts;
using static EdgeMano.Plane.Core.Tests.Rollouts.RolloutSim;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

/// <summary>Operator actions: pause, resume, manual rollback, and the ones refused.</summary>
public sealed class RolloutMachineControlTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    [Fact]
    public void Pause_MidWave_FinishesTheWaveButStartsNoOtherUntilResumed()
    {
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 2, Soak = TimeSpan.FromSeconds(20) }, "n1", "n2", "n3");
        sim.Tick(Tick); // wave 1 told

        sim.Apply(RolloutMachine.Pause(sim.Rollout, sim.Now, "watching dashboards"));
        Assert.Equal("paused: watching dashboards", sim.Rollout.Reason);
        for (var i = 0; i < 20; i++) sim.Tick(Tick);

        Assert.Equal(RolloutState.Paused, sim.Rollout.State);
        Assert.NotNull(sim.Rollout.Waves[0].FinishedAt); // judged while paused
        Assert.Null(sim.Rollout.Waves[1].StartedAt);
        Assert.Equal(["n1", "n2"], sim.Rollout.TargetNodes().Order());
        var decisions = sim.Decisions.Count;

        var resumed = sim.Apply(RolloutMachine.Resume(sim.Rollout, sim.Now));
        Assert.True(resumed.Decision.IsNone); // the next observation moves on
        sim.Observe();

        Assert.Equal(decisions + 1, sim.Decisions.Count);
        Assert.Equal(["n3"], sim.Decisions.Last().Decision.ToTarget);
        Assert.Equal(RolloutState.Succeeded, sim.RunToEnd(Tick));
        Assert.Contains(sim.Rollout.History, e => e.Message == "resumed");
    }

    [Fact]
    public void Pause_BeforeFirstObserve_NoNodeIsTouchedUntilResumed()
    {
        var sim = new RolloutSim(RolloutSpec.Default, "n1");
        sim.Apply(RolloutMachine.Pause(sim.Rollout, sim.Now));

        sim.Tick(Tick);
        Assert.Empty(sim.Decisions);
        Assert.Equal("paused by operator", sim.Rollout.Reason);

        sim.Apply(RolloutMachine.Resume(sim.Rollout, sim.Now));
        sim.Observe();
        Assert.Equal(["n1"], Assert.Single(sim.Decisions).Decision.ToTarget);
    }

    [Fact]
    public void Pause_FailuresWhilePaused_StillRollBack()
    {
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 1 }, "n1", "n2") { OnB = _ => new NodeBehaviour(Health: "Unhealthy") };
        sim.Tick(Tick);
        sim.Apply(RolloutMachine.Pause(sim.Rollout, sim.Now));

        sim.Tick(Tick);

        Assert.Equal(RolloutState.RollingBack, sim.Rollout.State);
    }

    [Fact]
    public void Rollback_Manual_SendsEveryToldNodeBackAndCompletesWhenTheyReport()
    {
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 2, Soak = TimeSpan.Zero }, "n1", "n2", "n3", "n4", "n5");
        sim.Tick(Tick); // wave 1 told
        sim.Tick(Tick); // wave 1 passed, wave 2 told
        Assert.Equal(["n1", "n2", "n3", "n4"], sim.Rollout.TargetNodes().Order());

        var step = sim.Apply(RolloutMachine.Rollback(sim.Rollout, sim.Now, "customer report"));

        Assert.Equal(["n1", "n2", "n3", "n4"], step.Decision.ToSource);
        Assert.Equal(RolloutState.RollingBack, sim.Rollout.State);
        Assert.Equal("rolled back by operator: customer report", sim.Rollout.Reason);
        Assert.Equal(RolloutState.RolledBack, sim.RunToEnd(Tick));
        Assert.All(["n1", "n2", "n3", "n4", "n5"], n => Assert.Same(A, sim.DesiredOf(n)));
        Assert.Equal(A.Generation, sim.Rollout.GenerationFor("n1"));
    }

    [Fact]
    public void Rollback_BeforeAnyNodeWasTold_IsCompleteAtOnce()
    {
        var rollout = RolloutMachine.Start("r1", "cam", A, B, ["n1"], RolloutSpec.Default, T0);

        var step = RolloutMachine.Rollback(rollout, T0);

        Assert.Equal(RolloutState.RolledBack, step.Rollout.State);
        Assert.True(step.Decision.IsNone);
        Assert.Equal("rolled back: no node had generation 2 yet", step.Rollout.Reason);
    }

    [Fact]
    public void Transitions_NotAllowedInState_RefusedWithReasonAndRolloutUnchanged()
    {
        var done = RolloutMachine.Start("r1", "cam", A, B, [], RolloutSpec.Default, T0);
        var running = RolloutMachine.Observe(RolloutMachine.Start("r2", "cam", A, B, ["n1"], RolloutSpec.Default, T0), [], T0).Rollout;
        var rollingBack = RolloutMachine.Rollback(running, T0).Rollout;

        Assert.Equal("rollout r2 is InProgress: only a paused rollout can be resumed", RolloutMachine.Resume(running, T0).Error);
        Assert.Equal("rollout r1 is Succeeded: only a pending or running rollout can be paused", RolloutMachine.Pause(done, T0).Error);
        Assert.Equal("rollout r2 is already rolling back", RolloutMachine.Rollback(rollingBack, T0).Error);
        Assert.Equal(
            "rollout r1 is Succeeded: to return to generation 1, apply that revision again, which starts a new rollout",
            RolloutMachine.Rollback(done, T0).Error);
        var refused = RolloutMachine.Pause(rollingBack, T0);
        Assert.Same(rollingBack, refused.Rollout);
        Assert.True(refused.Decision.IsNone);
    }

    [Fact]
    public void Observe_FinishedRollout_ChangesNothing()
    {
        var done = RolloutMachine.Start("r1", "cam", A, B, [], RolloutSpec.Default, T0);

        var step = RolloutMachine.Observe(done, [], T0 + Tick);

        Assert.Same(done, step.Rollout);
        Assert.True(step.Decision.IsNone);
    }
}
