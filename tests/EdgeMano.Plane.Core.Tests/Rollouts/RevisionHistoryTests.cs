using EdgeMano.Plane.Core.Rollouts;
using static EdgeMano.Plane.Core.Tests.Rollouts.RolloutSim;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

public sealed class RevisionHistoryTests
{
    [Fact]
    public void Record_SameRollout_UpdatesItsEntryAsItMovesOn()
    {
        var sim = new RolloutSim(new RolloutSpec { Soak = TimeSpan.Zero }, "n1");
        var history = new RevisionHistory { Deployment = "cam" }.Record(sim.Rollout);
        Assert.Equal(RolloutState.Pending, Assert.Single(history.Entries).Result);

        sim.RunToEnd(TimeSpan.FromSeconds(10));
        history = history.Record(sim.Rollout);

        var entry = Assert.Single(history.Entries);
        Assert.Equal((2L, "cam@1.1.0", 1L, RolloutState.Succeeded), (entry.Generation, entry.Package, entry.FromGeneration, entry.Result));
        Assert.Equal(T0, entry.StartedAt);
        Assert.Equal(sim.Rollout.FinishedAt, entry.FinishedAt);
    }

    [Fact]
    public void LastSucceeded_SkipsRolledBackAndTheExcludedGeneration()
    {
        var history = new RevisionHistory { Deployment = "cam" };
        history = history.Record(Finished("r1", 1, 2, RolloutState.Succeeded));
        history = history.Record(Finished("r2", 2, 3, RolloutState.RolledBack));
        history = history.Record(Finished("r3", 2, 4, RolloutState.Succeeded));

        Assert.Equal(4, history.LastSucceeded()!.Generation);
        Assert.Equal(2, history.LastSucceeded(except: 4)!.Generation);
        Assert.Null(new RevisionHistory { Deployment = "cam" }.LastSucceeded());
    }

    [Fact]
    public void Record_PastLimit_DropsOldest()
    {
        var history = new RevisionHistory { Deployment = "cam" };
        for (var g = 1; g <= RevisionHistory.Limit + 5; g++) history = history.Record(Finished($"r{g}", g, g + 1, RolloutState.Succeeded));

        Assert.Equal(RevisionHistory.Limit, history.Entries.Count);
        Assert.Equal("r6", history.Entries[0].RolloutId);
    }

    private static Rollout Finished(string id, long from, long to, RolloutState state) =>
        RolloutMachine.Start(id, "cam", A with { Generation = from }, B with { Generation = to }, [], RolloutSpec.Default, T0) with { State = state };
}
