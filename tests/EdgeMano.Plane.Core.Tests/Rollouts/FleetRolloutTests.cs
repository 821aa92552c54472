using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Rollouts;
using EdgeMano.Plane.Core.Tests.Fakes;
using static EdgeMano.Plane.Core.Tests.Fakes.PlaneSpecs;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

/// <summary>Rollouts driven by the controller: stored, composed per node, moved by AdvanceRollouts, over a fake store and clock.</summary>
public sealed class FleetRolloutTests
{
    private static readonly ValueMap Site = Labels(("site", "a"));
    private static readonly RolloutSpec OneByOne = new() { BatchSize = 1, Soak = TimeSpan.FromSeconds(10), HealthTimeout = TimeSpan.FromSeconds(60) };
    private readonly FleetHarness _h = new();

    private static DeploymentSpec Web(string image, RolloutSpec? rollout = null) =>
        Deployment("web", Site, Container("web", image)) with { Rollout = rollout ?? OneByOne };

    /// <summary>Three nodes running generation 1 (image v1) healthy.</summary>
    private void StartFleet()
    {
        foreach (var id in new[] { "n1", "n2", "n3" }) _h.Fleet.Report(Report(id, Site));
        _h.Fleet.Apply(Web("local/web:1"));
        foreach (var id in new[] { "n1", "n2", "n3" }) RunsIssued(id);
    }

    /// <summary>The node reports what it was last issued, running, with <paramref name="health"/>.</summary>
    private void RunsIssued(string id, string health = "Healthy", int restarts = 0)
    {
        var issued = _h.Fleet.IssuedFor(id)!;
        _h.Fleet.Report(Report(id, Site, observed: issued.Revision) with
        {
            Workloads = new ValueList<ReportedWorkload>(issued.Workloads.Select(w => new ReportedWorkload
            {
                Name = w.Name, Phase = "Running", Health = health, Restarts = restarts, SpecHash = SpecHash.Compute(w),
            })),
        });
    }

    private string ImageOn(string id) => Assert.Single(_h.WorkloadsOf(id)).Image;

    private Rollout Advance(TimeSpan by)
    {
        _h.Time.Advance(by);
        _h.Fleet.AdvanceRollouts();
        return _h.Fleet.RolloutOf("web")!;
    }

    [Fact]
    public void Apply_NewImageWithRolloutBlock_MovesNoNodeUntilTheRolloutIsStored()
    {
        StartFleet();

        var update = _h.Fleet.Apply(Web("local/web:2"));

        Assert.Equal(ApplyOutcome.Updated, update.Result.Outcome);
        Assert.Empty(update.ToPublish);
        Assert.All(new[] { "n1", "n2", "n3" }, id => Assert.Equal("local/web:1", ImageOn(id)));
        var stored = _h.Store.StoredRollouts["web"];
        Assert.Equal(RolloutState.Pending, stored.Latest!.State);
        Assert.Equal("local/web:1", Assert.Single(stored.FromSpec!.Workloads).Image);
    }

    [Fact]
    public void AdvanceRollouts_HealthyNodes_MoveWaveByWaveAndSucceed()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));

        var first = _h.Fleet.AdvanceRollouts();
        Assert.Equal("n1", Assert.Single(first.ToPublish).NodeId);
        Assert.Equal(("local/web:2", "local/web:1", "local/web:1"), (ImageOn("n1"), ImageOn("n2"), ImageOn("n3")));

        RunsIssued("n1");
        Assert.Equal(NodeStepState.Soaking, Advance(TimeSpan.FromSeconds(1)).Waves[0].Nodes[0].State);
        Assert.Equal("local/web:1", ImageOn("n2")); // the soak is not over
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("local/web:2", ImageOn("n2"));
        RunsIssued("n2");
        Advance(TimeSpan.FromSeconds(1));
        Advance(TimeSpan.FromSeconds(10));
        RunsIssued("n3");
        Advance(TimeSpan.FromSeconds(1));
        var done = Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(RolloutState.Succeeded, done.State);
        Assert.All(new[] { "n1", "n2", "n3" }, id => Assert.Equal("local/web:2", ImageOn(id)));
        Assert.Null(_h.Store.StoredRollouts["web"].FromSpec);
        var history = _h.Fleet.HistoryOf("web")!.Entries;
        Assert.Equal([(1L, RolloutState.Succeeded), (2L, RolloutState.Succeeded)], history.Select(e => (e.Generation, e.Result)));
    }

    [Fact]
    public void AdvanceRollouts_FirstNodeUnhealthy_RollsBackAndRevertsTheDeployment()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:bad"));
        _h.Fleet.AdvanceRollouts();
        RunsIssued("n1", health: "Unhealthy");

        var rolling = Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(RolloutState.RollingBack, rolling.State);
        Assert.Contains("n1: web is unhealthy", rolling.Reason);
        Assert.All(new[] { "n1", "n2", "n3" }, id => Assert.Equal("local/web:1", ImageOn(id)));
        RunsIssued("n1");
        var done = Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RolloutState.RolledBack, done.State);
        var deployment = _h.Fleet.Deployment("web")!.Deployment;
        Assert.Equal((3L, "local/web:1"), (deployment.Generation, Assert.Single(deployment.Spec.Workloads).Image));
        Assert.Equal(deployment, _h.Store.StoredDeployments["web"]);
        Assert.Equal([RolloutState.Succeeded, RolloutState.RolledBack, RolloutState.Succeeded], _h.Fleet.HistoryOf("web")!.Entries.Select(e => e.Result));
    }

    [Fact]
    public void AdvanceRollouts_StoreRefusesAStep_NothingMovesAndTheNextCallTakesItOnce()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));
        _h.Store.FailNextCommits = 1;

        var refused = _h.Fleet.AdvanceRollouts();

        Assert.Contains("No space left on device", refused.Result.Failure);
        Assert.Empty(refused.ToPublish);
        Assert.Equal(RolloutState.Pending, _h.Fleet.RolloutOf("web")!.State);
        Assert.Equal("local/web:1", ImageOn("n1"));
        var retried = _h.Fleet.AdvanceRollouts();
        Assert.Null(retried.Result.Failure);
        Assert.Equal("n1", Assert.Single(retried.ToPublish).NodeId);
        Assert.Single(retried.Result.Events, e => e.Event.Message == "started");
    }

    [Fact]
    public void Apply_DuringRollout_IsAConflictAndChangesNothing()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));
        var commits = _h.Store.Commits.Count;

        var update = _h.Fleet.Apply(Web("local/web:3"));

        Assert.Equal(ApplyOutcome.Conflict, update.Result.Outcome);
        Assert.Contains("is rolling out generation 2", update.Result.Message);
        Assert.Equal(commits, _h.Store.Commits.Count);
        Assert.Equal("local/web:2", Assert.Single(_h.Fleet.Deployment("web")!.Deployment.Spec.Workloads).Image);
    }

    [Fact]
    public void ControlRollout_PauseStopsTheNextWaveResumeGoesOn()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));
        _h.Fleet.AdvanceRollouts();
        RunsIssued("n1");

        var paused = _h.Fleet.ControlRollout("web", FleetController.RolloutCommand.Pause, "night shift");
        Assert.Equal(RolloutState.Paused, paused.Result.Rollout!.State);
        Advance(TimeSpan.FromSeconds(1));
        Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("local/web:1", ImageOn("n2"));

        Assert.NotNull(_h.Fleet.ControlRollout("web", FleetController.RolloutCommand.Pause).Result.Error);
        _h.Fleet.ControlRollout("web", FleetController.RolloutCommand.Resume);
        Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("local/web:2", ImageOn("n2"));
    }

    [Fact]
    public void ControlRollout_ManualRollback_SendsMovedNodesBack()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));
        _h.Fleet.AdvanceRollouts();

        var update = _h.Fleet.ControlRollout("web", FleetController.RolloutCommand.Rollback, "wrong build");

        Assert.Equal(RolloutState.RollingBack, update.Result.Rollout!.State);
        Assert.Equal("n1", Assert.Single(update.ToPublish).NodeId);
        Assert.Equal("local/web:1", ImageOn("n1"));
    }

    [Fact]
    public void Restart_MidRollout_KeepsMovedNodesOnTheNewRevisionAndGoesOn()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));
        _h.Fleet.AdvanceRollouts();
        RunsIssued("n1");
        var revisionOfN1 = _h.RevisionOf("n1");

        _h.Restart();

        Assert.Equal(("local/web:2", "local/web:1"), (ImageOn("n1"), ImageOn("n2")));
        Assert.Equal(revisionOfN1, _h.RevisionOf("n1"));
        RunsIssued("n1");
        Advance(TimeSpan.FromSeconds(1));
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("local/web:2", ImageOn("n2"));
    }

    [Fact]
    public void SpecToRollBackTo_AfterSuccess_GivesThePreviousGenerationsSpec()
    {
        foreach (var id in new[] { "n1" }) _h.Fleet.Report(Report(id, Site));
        _h.Fleet.Apply(Web("local/web:1", rollout: new RolloutSpec { Soak = TimeSpan.Zero }));
        _h.Fleet.Apply(Web("local/web:2", rollout: new RolloutSpec { Soak = TimeSpan.Zero }));
        _h.Fleet.AdvanceRollouts();
        RunsIssued("n1");
        Assert.Equal(RolloutState.Succeeded, Advance(TimeSpan.FromSeconds(1)).State);

        var (spec, error) = _h.Fleet.SpecToRollBackTo("web", null);

        Assert.Null(error);
        Assert.Equal("local/web:1", Assert.Single(spec!.Workloads).Image);
        Assert.Contains("not in its revision history", _h.Fleet.SpecToRollBackTo("web", 9).Error);
    }

    [Fact]
    public void Apply_WithoutRolloutBlock_ReachesEveryNodeAtOnceAndIsRecorded()
    {
        StartFleet();

        var update = _h.Fleet.Apply(Web("local/web:2") with { Rollout = null });

        Assert.Equal(3, update.ToPublish.Count);
        Assert.Null(_h.Fleet.RolloutOf("web"));
        Assert.Equal("applied to every node at once", _h.Fleet.HistoryOf("web")!.Entries[^1].Reason);
    }

    [Fact]
    public void Delete_DuringRollout_DropsTheRolloutRecord()
    {
        StartFleet();
        _h.Fleet.Apply(Web("local/web:2"));

        _h.Fleet.Delete("web");

        Assert.False(_h.Store.StoredRollouts.ContainsKey("web"));
        Assert.Empty(_h.Fleet.AdvanceRollouts().ToPublish);
    }
}
