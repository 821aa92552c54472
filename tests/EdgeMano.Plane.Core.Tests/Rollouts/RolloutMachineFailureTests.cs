using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Rollouts;
using static EdgeMano.Plane.Core.Tests.Rollouts.RolloutSim;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

/// <summary>Bad versions, thresholds, offline nodes and rollbacks that do not complete.</summary>
public sealed class RolloutMachineFailureTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    [Fact]
    public void Observe_ProbeFailsInWave1_StopsAndRollsBackAutomatically()
    {
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 2 }, "n1", "n2", "n3", "n4")
        {
            OnB = _ => new NodeBehaviour(Health: "Unhealthy", LastError: "GET /healthz: 503"),
        };

        sim.Tick(Tick); // wave 1 told
        var failing = sim.Tick(Tick);

        Assert.Equal(RolloutState.RollingBack, sim.Rollout.State);
        Assert.Equal(["n1", "n2"], failing.Decision.ToSource);
        Assert.Empty(failing.Decision.ToTarget);
        Assert.Equal(
            "wave 1: 2 of 2 nodes failed (failure threshold 0 allows 0): n1: web is unhealthy: GET /healthz: 503; n2: web is unhealthy: GET /healthz: 503",
            sim.Rollout.Reason);

        Assert.Equal(RolloutState.RolledBack, sim.RunToEnd(Tick));
        Assert.All(sim.Rollout.Waves[0].Nodes, n => Assert.Equal(RevertState.Reverted, n.Revert));
        Assert.All(sim.Rollout.Waves[1].Nodes, n => Assert.Equal(NodeStepState.Waiting, n.State)); // wave 2 never touched
        Assert.DoesNotContain(sim.Decisions, d => d.Decision.ToTarget.Contains("n3") || d.Decision.ToTarget.Contains("n4"));
        Assert.StartsWith("rolled back: every node told generation 2 reports generation 1 again (wave 1: 2 of 2 nodes failed", sim.Rollout.Reason);
        Assert.Empty(sim.Rollout.TargetNodes());
    }

    [Fact]
    public void Observe_WorkloadFailedPhase_FailsAtOnceWithItsError()
    {
        var sim = new RolloutSim(RolloutSpec.Default, "n1") { OnB = _ => new NodeBehaviour(Phase: "Failed", LastError: "image local/web:2 not found") };

        sim.Tick(Tick);
        sim.Tick(Tick);

        Assert.Equal("web failed: image local/web:2 not found", sim.Rollout.Waves[0].Nodes[0].Reason);
        Assert.Equal(RolloutState.RollingBack, sim.Rollout.State);
    }

    [Fact]
    public void Observe_RestartsRisingDuringSoak_CountsAsCrashLoop()
    {
        var restarts = 0;
        var sim = new RolloutSim(new RolloutSpec { Soak = TimeSpan.FromMinutes(5) }, "n1") { OnB = _ => new NodeBehaviour(Restarts: restarts) };
        sim.Tick(Tick);
        sim.Tick(Tick); // seen healthy with 0 restarts
        Assert.Equal(NodeStepState.Soaking, sim.Rollout.Waves[0].Nodes[0].State);

        restarts = 2; // crashed twice between two reports, running again each time
        sim.Tick(Tick);

        Assert.Equal(NodeStepState.Failed, sim.Rollout.Waves[0].Nodes[0].State);
        Assert.Equal("web restarted 2 time(s) on the new revision (crash loop)", sim.Rollout.Waves[0].Nodes[0].Reason);
    }

    [Theory]
    [InlineData(4, 0.25, 1, false)]
    [InlineData(4, 0.25, 2, true)]
    [InlineData(4, 0.0, 1, true)]
    [InlineData(10, 0.1, 1, false)] // 0.1 x 10 must allow exactly one
    [InlineData(10, 0.1, 2, true)]
    [InlineData(3, 0.3, 1, true)]   // one of three is 33 %, over 30 %
    [InlineData(2, 0.5, 1, false)]
    [InlineData(2, 1.0, 2, false)]  // threshold 1: never roll back
    public void Observe_FailuresAgainstThreshold_RollBackOnlyWhenOver(int size, double threshold, int failures, bool rollsBack)
    {
        var nodes = Enumerable.Range(1, size).Select(i => $"n{i:D2}").ToArray();
        var bad = nodes.Take(failures).ToHashSet();
        var sim = new RolloutSim(new RolloutSpec { BatchSize = size, FailureThreshold = threshold, Soak = TimeSpan.Zero }, nodes)
        {
            OnB = node => bad.Contains(node) ? new NodeBehaviour(Health: "Unhealthy") : new NodeBehaviour(),
        };

        var end = sim.RunToEnd(Tick);

        Assert.Equal(rollsBack ? RolloutState.RolledBack : RolloutState.Succeeded, end);
        if (!rollsBack)
        {
            // Tolerated failures keep the new revision (the agent keeps trying) and are named.
            Assert.Equal(nodes.Order(), sim.Rollout.TargetNodes().Order());
            Assert.Contains($"{failures} node", sim.Rollout.Reason);
            Assert.Contains("failed within the threshold and keep it: n01: web is unhealthy", sim.Rollout.Reason);
        }
    }

    [Fact]
    public void Observe_OfflineNodeInWave_WaitsHealthTimeoutThenFails()
    {
        var timeout = TimeSpan.FromMinutes(5);
        var sim = new RolloutSim(new RolloutSpec { HealthTimeout = timeout }, "n1") { Online = _ => false };
        sim.Observe(); // told at T0 while offline: the retained desired state waits for it

        sim.Tick(timeout - Tick);
        Assert.Equal(NodeStepState.Updating, sim.Rollout.Waves[0].Nodes[0].State);
        Assert.Equal("is offline", sim.Rollout.Waves[0].Nodes[0].Reason);

        sim.Tick(Tick);
        Assert.Equal(NodeStepState.Failed, sim.Rollout.Waves[0].Nodes[0].State);
        Assert.Equal("is offline, and no healthy report within 5m", sim.Rollout.Waves[0].Nodes[0].Reason);
        Assert.Equal(RolloutState.RollingBack, sim.Rollout.State);
    }

    [Fact]
    public void Observe_OfflineNodeBackBeforeTimeout_Passes()
    {
        var online = false;
        var sim = new RolloutSim(new RolloutSpec { HealthTimeout = TimeSpan.FromMinutes(5), Soak = TimeSpan.Zero }, "n1") { Online = _ => online };
        sim.Observe();
        sim.Tick(TimeSpan.FromMinutes(4));

        online = true;
        sim.Tick(Tick);

        Assert.Equal(RolloutState.Succeeded, sim.Rollout.State);
    }

    [Fact]
    public void Observe_GoingOfflineDuringSoak_RestartsTheWaitAndTheSoak()
    {
        var online = true;
        var sim = new RolloutSim(new RolloutSpec { HealthTimeout = TimeSpan.FromMinutes(1), Soak = TimeSpan.FromMinutes(2) }, "n1") { Online = _ => online };
        sim.Observe();
        sim.Tick(TimeSpan.FromSeconds(50)); // healthy, soaking
        online = false;
        sim.Tick(TimeSpan.FromSeconds(50)); // 100 s after being told: a timeout counted from then would have fired
        Assert.Equal(NodeStepState.Updating, sim.Rollout.Waves[0].Nodes[0].State);
        Assert.Null(sim.Rollout.Waves[0].Nodes[0].HealthySince);

        sim.Tick(TimeSpan.FromMinutes(1));
        Assert.Equal(NodeStepState.Failed, sim.Rollout.Waves[0].Nodes[0].State);
    }

    [Fact]
    public void Observe_RollbackNotConfirmedByOfflineNode_FailsAfterHealthTimeoutNamingIt()
    {
        var offline = new HashSet<string>();
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 2, HealthTimeout = TimeSpan.FromMinutes(1) }, "n1", "n2")
        {
            OnB = _ => new NodeBehaviour(Health: "Unhealthy"),
            Online = node => !offline.Contains(node),
        };
        sim.Tick(Tick);
        sim.Tick(Tick); // both unhealthy: rolling back
        offline.Add("n2");

        sim.Tick(Tick);
        Assert.Equal(RolloutState.RollingBack, sim.Rollout.State);
        Assert.Equal(RevertState.Reverted, sim.Rollout.Waves[0].Nodes[0].Revert);

        sim.Tick(TimeSpan.FromMinutes(1));
        Assert.Equal(RolloutState.Failed, sim.Rollout.State);
        Assert.Equal("rollback not confirmed within 1m by 1 node (they were sent generation 1 and get it when they report): n2: is offline", sim.Rollout.Reason);
        Assert.Empty(sim.Rollout.TargetNodes()); // n2 stays meant for the old revision
    }

    [Fact]
    public void Observe_RollbackWaitsUntilWorkloadsOnlyInNewRevisionAreGone()
    {
        var node = RolloutSim.A.Workloads.Select(w => new ReportedWorkload { Name = w.Name, SpecHash = w.SpecHash, Phase = "Running" })
            .Append(new ReportedWorkload { Name = "cache", SpecHash = RolloutSim.B.Workloads[2].SpecHash, Phase = "Running" });
        var rollout = RolloutMachine.Start("r1", "cam", A, B, ["n1"], RolloutSpec.Default, T0);
        rollout = RolloutMachine.Observe(rollout, [], T0).Rollout;
        rollout = RolloutMachine.Rollback(rollout, T0, "wrong build").Rollout;

        var step = RolloutMachine.Observe(rollout, [new NodeRecord { Id = "n1", Presence = Presence.Online, Workloads = new(node) }], T0 + Tick);

        Assert.Equal(RolloutState.RollingBack, step.Rollout.State);
        Assert.Equal(RevertState.Reverting, step.Rollout.Waves[0].Nodes[0].Revert);
    }
}
