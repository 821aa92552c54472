using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Placement;
using EdgeMano.Plane.Core.Tests.Fakes;
using static EdgeMano.Plane.Core.Tests.Fakes.PlaneSpecs;

namespace EdgeMano.Plane.Core.Tests.Fleet;

/// <summary>Deployments applied and deleted against a fleet that already reported.</summary>
public sealed class FleetControllerDeploymentTests
{
    private static readonly ValueMap SiteA = Labels(("site", "a"));
    private static readonly ValueMap SiteB = Labels(("site", "b"));

    private readonly FleetHarness _h = new();

    public FleetControllerDeploymentTests()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Report(Report("n2", SiteB));
    }

    [Fact]
    public void Apply_NewDeployment_CreatedAtGenerationOneAndMatchingNodeGetsRevisionOne()
    {
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var update = _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));

        var (outcome, deployment) = update.Result;
        Assert.Equal(ApplyOutcome.Created, outcome);
        Assert.Equal((1L, 1L), (deployment.Generation, deployment.Sequence));
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(1)), (deployment.CreatedAt, deployment.UpdatedAt));
        var state = Assert.Single(update.ToPublish);
        Assert.Equal(("n1", 1L, "plane", T0.AddMinutes(1)), (state.NodeId, state.Revision, state.Source, state.IssuedAt));
        Assert.Equal("web", Assert.Single(state.Workloads).Labels[NodeComposer.DeploymentLabel]);
        Assert.Equal(state, _h.Fleet.IssuedFor("n1"));
        Assert.Equal(1, _h.Fleet.Node("n1")!.DesiredRevision);
        Assert.False(_h.Fleet.Node("n1")!.InSync);
        Assert.Null(_h.Fleet.IssuedFor("n2"));
    }

    [Fact]
    public void Apply_SameSpecAgain_UnchangedWithoutRevisionOrCommit()
    {
        var created = _h.Fleet.Apply(Deployment("web", SiteA, Container("web"))).Result.Deployment;
        var commits = _h.Store.Commits.Count;
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var update = _h.Fleet.Apply(Deployment("web", Labels(("site", "a")), Container("web")));

        Assert.Equal(new ApplyResult(ApplyOutcome.Unchanged, created), update.Result);
        Assert.Empty(update.ToPublish);
        Assert.Equal(commits, _h.Store.Commits.Count);
        Assert.Equal(1, _h.RevisionOf("n1"));
    }

    [Fact]
    public void Apply_ChangedSpec_NextGenerationAndRevisionOnlyWhereWorkloadsChanged()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Apply(Deployment("agent", null, Container("sidecar")));
        Assert.Equal((2L, 1L), (_h.RevisionOf("n1"), _h.RevisionOf("n2")));
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var update = _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));

        var (outcome, deployment) = update.Result;
        Assert.Equal(ApplyOutcome.Updated, outcome);
        Assert.Equal((2L, 1L, T0, T0.AddMinutes(1)), (deployment.Generation, deployment.Sequence, deployment.CreatedAt, deployment.UpdatedAt));
        var state = Assert.Single(update.ToPublish);
        Assert.Equal(("n1", 3L), (state.NodeId, state.Revision));
        Assert.Equal(["sidecar", "web"], Names(state.Workloads));
        Assert.Equal("local/web:2", state.Workloads.Single(w => w.Name == "web").Image);
        Assert.Equal(1, _h.RevisionOf("n2"));
    }

    [Fact]
    public void Apply_ChangedSelector_NextGenerationAndRevisionOnlyForNewlySelectedNodes()
    {
        _h.Fleet.Report(Report("n1", Labels(("site", "a"), ("tier", "edge"))));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));

        var narrowed = _h.Fleet.Apply(Deployment("web", Labels(("site", "a"), ("tier", "edge")), Container("web")));
        var widened = _h.Fleet.Apply(Deployment("web", null, Container("web")));

        Assert.Equal((ApplyOutcome.Updated, 2L), (narrowed.Result.Outcome, narrowed.Result.Deployment.Generation));
        Assert.Empty(narrowed.ToPublish);
        Assert.Equal((ApplyOutcome.Updated, 3L), (widened.Result.Outcome, widened.Result.Deployment.Generation));
        Assert.Equal(["n2"], widened.ToPublish.Select(s => s.NodeId));
        Assert.Equal(1, _h.RevisionOf("n1"));
    }

    [Fact]
    public void Delete_Existing_MatchingNodesGetARevisionWithoutItsWorkloads()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Apply(Deployment("agent", null, Container("sidecar")));

        var update = _h.Fleet.Delete("web");

        Assert.True(update.Result);
        var state = Assert.Single(update.ToPublish);
        Assert.Equal(("n1", 3L), (state.NodeId, state.Revision));
        Assert.Equal(["sidecar"], Names(state.Workloads));
        Assert.Null(_h.Fleet.Deployment("web"));
        Assert.False(_h.Store.StoredDeployments.ContainsKey("web"));
    }

    [Fact]
    public void Delete_LastDeploymentOfANode_IssuesAnEmptyList()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));

        var update = _h.Fleet.Delete("web");

        var state = Assert.Single(update.ToPublish);
        Assert.Equal(("n1", 2L, 0), (state.NodeId, state.Revision, state.Workloads.Count));
    }

    [Fact]
    public void Delete_Unknown_FalseWithoutCommit()
    {
        var commits = _h.Store.Commits.Count;

        var update = _h.Fleet.Delete("nothing");

        Assert.False(update.Result);
        Assert.Empty(update.ToPublish);
        Assert.Equal(commits, _h.Store.Commits.Count);
    }

    [Fact]
    public void Deployment_Clash_ViewListsPlacedAndUnplacedNodes()
    {
        _h.Fleet.Report(Report("n3", SiteA));
        _h.Fleet.Apply(Deployment("other", SiteB, Container("web")));
        _h.Fleet.Apply(Deployment("web", null, Container("web")));

        var view = _h.Fleet.Deployment("web")!;

        Assert.Equal(["n1", "n3"], view.Nodes);
        Assert.Equal(new Unplaced("web", "n2", "workload name 'web' is used there by deployment 'other'"), Assert.Single(view.Unplaced));
        Assert.Equal(["other", "web"], _h.Fleet.Deployments().Select(d => d.Deployment.Name));
    }

    [Fact]
    public void Delete_OlderOfTwoClashing_NewerTakesTheNode()
    {
        _h.Fleet.Apply(Deployment("older", null, Container("web", "local/old:1")));
        _h.Fleet.Apply(Deployment("newer", null, Container("web", "local/new:1")));

        var update = _h.Fleet.Delete("older");

        Assert.Equal(["n1", "n2"], update.ToPublish.Select(s => s.NodeId).Order());
        Assert.All(update.ToPublish, s => Assert.Equal("local/new:1", Assert.Single(s.Workloads).Image));
        Assert.Empty(_h.Fleet.Deployment("newer")!.Unplaced);
    }

    [Fact]
    public void Nodes_Selector_ReturnsMatchingNodesSortedById()
    {
        _h.Fleet.Report(Report("a0", SiteB));

        Assert.Equal(["a0", "n2"], _h.Fleet.Nodes(SiteB).Select(n => n.Id));
        Assert.Equal(["a0", "n1", "n2"], _h.Fleet.Nodes(ValueMap.Empty).Select(n => n.Id));
    }
}
