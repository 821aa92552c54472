using EdgeMano.Plane.Core.Rollouts;
using static EdgeMano.Plane.Core.Tests.Rollouts.RolloutSim;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

/// <summary>Planning waves and moving a good version through them.</summary>
public sealed class RolloutMachineWaveTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    [Fact]
    public void Start_BatchSize_PlansWavesInGivenOrderAndStaysPending()
    {
        var rollout = RolloutMachine.Start("r1", "cam", A, B, ["n5", "n1", "n3", "n1", "n2", "n4"], new RolloutSpec { BatchSize = 2 }, T0);

        Assert.Equal(RolloutState.Pending, rollout.State);
        Assert.Equal([["n5", "n1"], ["n3", "n2"], ["n4"]], rollout.Waves.Select(w => w.Nodes.Select(n => n.Node).ToArray()));
        Assert.Equal([1, 2, 3], rollout.Waves.Select(w => w.Number));
        Assert.Empty(rollout.TargetNodes());
        Assert.Equal("planned: generation 1 to 2 on 5 nodes in 3 waves of up to 2", Assert.Single(rollout.History).Message);
    }

    [Fact]
    public void Start_NoNodes_SucceedsAtOnce()
    {
        var rollout = RolloutMachine.Start("r1", "cam", A, B, [], RolloutSpec.Default, T0);

        Assert.Equal(RolloutState.Succeeded, rollout.State);
        Assert.Equal("no node runs cam: nothing to roll out", rollout.Reason);
        Assert.Equal(T0, rollout.FinishedAt);
    }

    [Fact]
    public void Start_InvalidSpec_ThrowsWithTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RolloutMachine.Start("r1", "cam", A, B, ["n1"], new RolloutSpec { BatchSize = 2, BatchPercent = 10 }, T0));

        Assert.StartsWith("rollout of cam: set batchSize or batchPercent, not both", error.Message);
    }

    [Theory]
    [InlineData(10, 25.0, 2)]   // 2.5 rounds down: a wave never exceeds the share allowed
    [InlineData(3, 50.0, 1)]
    [InlineData(3, 10.0, 1)]    // 0.3 of a node is still one node
    [InlineData(10, 10.0, 1)]
    [InlineData(10, 30.0, 3)]   // 10 x 30 / 100 is 2.9999999999999996 in binary; still 3
    [InlineData(7, 100.0, 7)]
    [InlineData(1, 0.5, 1)]
    public void WaveSize_Percent_RoundsDownButAtLeastOne(int nodes, double percent, int expected)
    {
        Assert.Equal(expected, new RolloutSpec { BatchPercent = percent }.WaveSize(nodes));
    }

    [Fact]
    public void Start_Percent_LastWaveTakesTheRest()
    {
        var nodes = Enumerable.Range(1, 10).Select(i => $"n{i:D2}").ToArray();

        var rollout = RolloutMachine.Start("r1", "cam", A, B, nodes, new RolloutSpec { BatchPercent = 30 }, T0);

        Assert.Equal([3, 3, 3, 1], rollout.Waves.Select(w => w.Nodes.Count));
    }

    [Fact]
    public void Observe_GoodVersion_CompletesWaveByWaveEachAfterThePreviousPassedAndSoaked()
    {
        var soak = TimeSpan.FromSeconds(30);
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 2, Soak = soak }, "n1", "n2", "n3", "n4", "n5");

        Assert.Equal(RolloutState.Succeeded, sim.RunToEnd(Tick));

        var waves = sim.Rollout.Waves;
        Assert.All(waves.SelectMany(w => w.Nodes), n => Assert.Equal(NodeStepState.Passed, n.State));
        for (var w = 1; w < waves.Count; w++)
        {
            var previous = waves[w - 1];
            Assert.Equal(previous.FinishedAt, waves[w].StartedAt);
            foreach (var node in previous.Nodes)
            {
                Assert.True(node.HealthySince + soak <= waves[w].StartedAt, $"wave {w + 1} started before {node.Node} soaked");
                Assert.True(node.FinishedAt <= waves[w].StartedAt);
            }
        }
        // Each decision told only the nodes of the wave that had just started, and none went back.
        Assert.Equal([["n1", "n2"], ["n3", "n4"], ["n5"]], sim.Decisions.Select(d => d.Decision.ToTarget.ToArray()));
        Assert.All(sim.Decisions, d => Assert.Empty(d.Decision.ToSource));
        Assert.Equal(waves.Select(w => w.StartedAt!.Value), sim.Decisions.Select(d => d.At));
        Assert.Equal(["n1", "n2", "n3", "n4", "n5"], sim.Rollout.TargetNodes().Order());
        Assert.Equal("generation 2 runs on every node", sim.Rollout.Reason);
        Assert.Equal(B.Generation, sim.Rollout.GenerationFor("n3"));
    }

    [Fact]
    public void Observe_GoodVersion_TimelineIsReadable()
    {
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 1, Soak = TimeSpan.Zero }, "n1", "n2");

        sim.RunToEnd(Tick);

        Assert.Equal(
        [
            "planned: generation 1 to 2 on 2 nodes in 2 waves of up to 1",
            "started",
            "wave 1 of 2 started: 1 node",
            "wave 1 of 2 passed",
            "wave 2 of 2 started: 1 node",
            "wave 2 of 2 passed",
            "generation 2 runs on every node",
        ], sim.Rollout.History.Select(e => e.Message));
    }

    [Fact]
    public void Observe_NoProbe_RunningCountsAsHealthy()
    {
        var sim = new RolloutSim(new RolloutSpec { Soak = TimeSpan.Zero }, "n1") { OnB = _ => new NodeBehaviour(Health: "None") };

        Assert.Equal(RolloutState.Succeeded, sim.RunToEnd(Tick));
    }

    [Fact]
    public void Observe_HealthUnknownDuringSoak_SoakStartsOver()
    {
        var sim = new RolloutSim(new RolloutSpec { Soak = TimeSpan.FromSeconds(30) }, "n1");
        sim.Observe(); // wave 1 starts, n1 told B
        sim.Tick(Tick); // healthy: soak from T0+10s
        Assert.Equal(NodeStepState.Soaking, sim.Rollout.Waves[0].Nodes[0].State);

        sim.OnB = _ => new NodeBehaviour(Health: "Unknown");
        sim.Tick(Tick);
        Assert.Equal(NodeStepState.Updating, sim.Rollout.Waves[0].Nodes[0].State);
        Assert.Equal("web has no health result yet", sim.Rollout.Waves[0].Nodes[0].Reason);

        sim.OnB = _ => new NodeBehaviour();
        sim.Tick(Tick); // healthy again at T0+30s: a fresh 30 s soak
        sim.Tick(Tick);
        sim.Tick(Tick);
        Assert.Equal(NodeStepState.Soaking, sim.Rollout.Waves[0].Nodes[0].State);
        sim.Tick(Tick);
        Assert.Equal(RolloutState.Succeeded, sim.Rollout.State);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), sim.Rollout.Waves[0].Nodes[0].HealthySince);
    }

    [Fact]
    public void Observe_MaxUnavailable_TellsNodesOfAWaveOnlyAsOthersBecomeHealthy()
    {
        var sim = new RolloutSim(new RolloutSpec { BatchSize = 3, MaxUnavailable = 1, Soak = TimeSpan.FromSeconds(60) }, "n1", "n2", "n3");

        sim.Observe();
        Assert.Equal(["n1"], sim.Decisions.Last().Decision.ToTarget);
        sim.Tick(Tick); // n1 healthy (soaking): n2 may go
        Assert.Equal(["n2"], sim.Decisions.Last().Decision.ToTarget);
        sim.Tick(Tick);
        Assert.Equal(["n3"], sim.Decisions.Last().Decision.ToTarget);
        Assert.Equal(RolloutState.Succeeded, sim.RunToEnd(Tick));
        Assert.Equal(3, sim.Decisions.Count);
    }

    [Fact]
    public void Observe_NodeNotAppliedYet_SaysWhichRevisionItIsAt()
    {
        var sim = new RolloutSim(RolloutSpec.Default, "n1") { Online = _ => true };
        sim.Observe();
        // The node has not reported since it was told: its record still shows A at revision 5, desired 6.
        sim.Observe();

        Assert.Equal("has not applied revision 6 yet (at 5)", sim.Rollout.Waves[0].Nodes[0].Reason);
    }
}
