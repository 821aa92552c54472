using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

/// <summary>
/// Random fleets, specs, node behaviour (healthy, unhealthy, failed, crash-looping, offline) and
/// operator actions. Always: a wave starts only after the one before finished, nobody is told the
/// new revision once rolling back, a success never hides failures over the threshold, and when
/// the chaos stops every rollout ends.
/// </summary>
public sealed class RolloutMachinePropertyTests
{
    private static readonly NodeBehaviour[] Behaviours =
    [
        new(), new(), new(), new(Health: "None"), new(Health: "Unknown"), new(Phase: "BackingOff"),
        new(Health: "Unhealthy"), new(Phase: "Failed"), new(Restarts: 3),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Observe_RandomRuns_InvariantsHoldAndEveryRolloutEnds(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 40; run++)
        {
            var nodes = Enumerable.Range(1, random.Next(1, 13)).Select(i => $"n{i:D2}").ToArray();
            var spec = new RolloutSpec
            {
                BatchSize = random.Next(2) == 0 ? random.Next(1, 5) : 0,
                MaxUnavailable = random.Next(3),
                Soak = TimeSpan.FromSeconds(10 * random.Next(4)),
                FailureThreshold = random.Next(3) == 0 ? 0 : random.NextDouble(),
                HealthTimeout = TimeSpan.FromSeconds(30 * random.Next(1, 5)),
            };
            if (spec.BatchSize == 0) spec = spec with { BatchPercent = random.Next(1, 101) };
            var behaviour = nodes.ToDictionary(n => n, _ => Behaviours[random.Next(Behaviours.Length)]);
            var offline = new HashSet<string>();
            var sim = new RolloutSim(spec, nodes) { OnB = n => behaviour[n], Online = n => !offline.Contains(n) };
            var where = $"seed {seed}, run {run}, {spec}";

            for (var tick = 0; tick < 60; tick++)
            {
                var node = nodes[random.Next(nodes.Length)];
                if (random.Next(4) == 0) behaviour[node] = Behaviours[random.Next(Behaviours.Length)];
                if (random.Next(6) == 0 && !offline.Remove(node)) offline.Add(node);
                var rollingBack = sim.Rollout.State is RolloutState.RollingBack or RolloutState.RolledBack;
                var step = random.Next(25) switch
                {
                    0 => sim.Apply(Allowed(RolloutMachine.Pause(sim.Rollout, sim.Now))),
                    1 => sim.Apply(Allowed(RolloutMachine.Resume(sim.Rollout, sim.Now))),
                    2 => sim.Apply(Allowed(RolloutMachine.Rollback(sim.Rollout, sim.Now))),
                    _ => sim.Tick(TimeSpan.FromSeconds(10)),
                };
                if (rollingBack) Assert.True(step.Decision.ToTarget.Count == 0, $"{where}: told B while rolling back");
                if (spec.MaxUnavailable > 0) Assert.True(step.Decision.ToTarget.Count <= spec.MaxUnavailable, $"{where}: over MaxUnavailable");
                AssertWavesInOrder(sim.Rollout, where);
            }

            // The chaos stops: every node online and healthy, nobody paused.
            offline.Clear();
            foreach (var node in nodes) behaviour[node] = new NodeBehaviour();
            if (sim.Rollout.State == RolloutState.Paused) sim.Apply(RolloutMachine.Resume(sim.Rollout, sim.Now));
            var end = sim.RunToEnd(TimeSpan.FromSeconds(10), maxTicks: 500);

            Assert.True(sim.Rollout.IsFinished, $"{where}: still {end} after the chaos stopped");
            AssertWavesInOrder(sim.Rollout, where);
            if (end == RolloutState.Succeeded)
            {
                Assert.All(sim.Rollout.Waves, w => Assert.True(
                    w.Nodes.Count(n => n.State == NodeStepState.Failed) <= spec.AllowedFailures(w.Nodes.Count), $"{where}: success over threshold"));
                Assert.Equal(nodes, sim.Rollout.TargetNodes().Order(StringComparer.Ordinal));
            }
            if (end == RolloutState.RolledBack) Assert.All(nodes, n => Assert.Same(RolloutSim.A, sim.DesiredOf(n)));
        }
    }

    /// <summary>Operator actions in the wrong state are refused with a reason; the test then just carries on.</summary>
    private static RolloutStep Allowed(RolloutStep step) =>
        step.Error is null ? step : step with { Error = null, Decision = RolloutDecision.None };

    private static void AssertWavesInOrder(Rollout rollout, string where)
    {
        for (var w = 0; w < rollout.Waves.Count; w++)
        {
            var wave = rollout.Waves[w];
            var touched = wave.Nodes.Any(n => n.State != NodeStepState.Waiting);
            Assert.True(!touched || wave.StartedAt is not null, $"{where}: wave {wave.Number} has nodes told before it started");
            if (wave.StartedAt is null || w == 0) continue;
            Assert.True(rollout.Waves[w - 1].FinishedAt <= wave.StartedAt, $"{where}: wave {wave.Number} started before wave {w} finished");
        }
    }
}
