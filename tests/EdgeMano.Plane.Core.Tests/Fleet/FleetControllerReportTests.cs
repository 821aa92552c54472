using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Tests.Fakes;
using static EdgeMano.Plane.Core.Tests.Fakes.PlaneSpecs;

namespace EdgeMano.Plane.Core.Tests.Fleet;

/// <summary>Nodes reporting status: joining, relabelling, running ahead, and status-only batches.</summary>
public sealed class FleetControllerReportTests
{
    private static readonly ValueMap SiteA = Labels(("site", "a"));
    private static readonly ValueMap SiteB = Labels(("site", "b"));

    private readonly FleetHarness _h = new();

    [Fact]
    public void Report_NewNodeMatchingADeployment_GetsItAtRevisionOne()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Time.Advance(TimeSpan.FromSeconds(5));

        var update = _h.Fleet.Report(Report("n1", SiteA));

        var state = Assert.Single(update.ToPublish);
        Assert.Equal(("n1", 1L), (state.NodeId, state.Revision));
        Assert.Equal(["web"], Names(state.Workloads));
        Assert.Equal((Presence.Online, T0.AddSeconds(5), 1L), (update.Result.Presence, update.Result.LastSeen, update.Result.DesiredRevision));
        Assert.Equal(state, _h.Store.StoredIssued["n1"]);
        Assert.Equal(update.Result, _h.Store.StoredNodes["n1"]);
        Assert.Equal(["n1"], _h.Fleet.Deployment("web")!.Nodes);
    }

    [Fact]
    public void Report_OlderThanTheLastApplied_IsIgnored()
    {
        _h.Fleet.Report(Report("n1", SiteA, observed: 3) with { ReportedAt = T0.AddSeconds(2) });

        var late = _h.Fleet.Report(Report("n1", SiteA, observed: 2) with { ReportedAt = T0.AddSeconds(1) });
        var same = _h.Fleet.Report(Report("n1", SiteA, observed: 3) with { ReportedAt = T0.AddSeconds(2) });

        Assert.Equal(3, late.Result.ObservedRevision);
        Assert.Equal(3, _h.Fleet.Node("n1")!.ObservedRevision);
        Assert.Equal(3, same.Result.ObservedRevision);
    }

    [Fact]
    public void Report_WithoutTime_IsAlwaysApplied()
    {
        _h.Fleet.Report(Report("n1", SiteA, observed: 3) with { ReportedAt = T0.AddSeconds(2) });

        var untimed = _h.Fleet.Report(Report("n1", SiteA, observed: 4));

        Assert.Equal(4, untimed.Result.ObservedRevision);
    }

    [Fact]
    public void Report_NodeNeverSelected_IsNeverIssuedAnything()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));

        var first = _h.Fleet.Report(Report("n1", SiteB, observed: 7));
        _h.Fleet.Apply(Deployment("api", SiteA, Container("api")));
        _h.Fleet.Delete("web");
        var again = _h.Fleet.Report(Report("n1", Labels(("site", "c")), observed: 7));

        Assert.Empty(first.ToPublish);
        Assert.Empty(again.ToPublish);
        Assert.Null(_h.Fleet.IssuedFor("n1"));
        Assert.Empty(_h.Fleet.AllIssued());
        Assert.Equal(0, _h.Fleet.Node("n1")!.DesiredRevision);
    }

    [Fact]
    public void Report_LabelsChange_NodeGetsThenLosesWorkloads()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Report(Report("n1", SiteB));

        var joined = _h.Fleet.Report(Report("n1", SiteA));
        var left = _h.Fleet.Report(Report("n1", SiteB, observed: 1));

        Assert.Equal((1L, 1), (joined.ToPublish[0].Revision, joined.ToPublish[0].Workloads.Count));
        Assert.Equal((2L, 0), (left.ToPublish[0].Revision, left.ToPublish[0].Workloads.Count));
        Assert.Empty(_h.Fleet.Deployment("web")!.Nodes);
    }

    [Fact]
    public void Report_LabelsChangeWithoutEffect_NoRevision()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Report(Report("n1", SiteA));

        var update = _h.Fleet.Report(Report("n1", Labels(("site", "a"), ("rack", "7")), observed: 1));

        Assert.Empty(update.ToPublish);
        Assert.Equal(1, _h.RevisionOf("n1"));
        Assert.True(update.Result.InSync);
    }

    [Fact]
    public void Report_ObservedAboveIssued_ReissuedAtObservedPlusOne()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Report(Report("n1", SiteA));

        // Someone ran `edgemano-agent apply` on the node: it is at a revision the plane never issued.
        var update = _h.Fleet.Report(Report("n1", SiteA, observed: 9));

        var state = Assert.Single(update.ToPublish);
        Assert.Equal(10, state.Revision);
        Assert.Equal(["web"], Names(state.Workloads));
        Assert.Equal((10L, 9L, false), (update.Result.DesiredRevision, update.Result.ObservedRevision, update.Result.InSync));
        Assert.Empty(_h.Fleet.Report(Report("n1", SiteA, observed: 9)).ToPublish);
        Assert.Empty(_h.Fleet.Report(Report("n1", SiteA, observed: 10)).ToPublish);
    }

    [Fact]
    public void Report_NodeWithLocalRevisionSelectedLater_GetsARevisionAboveItsOwn()
    {
        _h.Fleet.Report(Report("n1", SiteA, observed: 5));

        var update = _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));

        Assert.Equal(("n1", 6L), (update.ToPublish[0].NodeId, update.ToPublish[0].Revision));
    }

    [Fact]
    public void Report_StatusOnly_NotCommittedButBatchedOncePerNode()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.TakeDirtyNodes();
        var commits = _h.Store.Commits.Count;
        var running = new ReportedWorkload { Name = "web", Phase = "Running", Health = "Healthy", SpecHash = "9f2c" };

        _h.Fleet.Report(Report("n1", SiteA, observed: 1) with { Workloads = new([running]), EventsDropped = 3 });
        _h.Fleet.Report(Report("n2", SiteB));
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        _h.Fleet.Report(Report("n1", SiteA, observed: 1) with { Workloads = new([running with { Restarts = 1 }]) });

        Assert.Equal(commits, _h.Store.Commits.Count);
        var dirty = _h.Fleet.TakeDirtyNodes().OrderBy(n => n.Id).ToList();
        Assert.Equal(["n1", "n2"], dirty.Select(n => n.Id));
        Assert.Equal((1, T0.AddSeconds(1), 0L), (dirty[0].Workloads[0].Restarts, dirty[0].LastSeen, dirty[0].EventsDropped));
        Assert.True(dirty[0].InSync);
        Assert.Empty(_h.Fleet.TakeDirtyNodes());
    }

    [Fact]
    public void SetPresence_Change_MarksDirtyAndSameValueDoesNot()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.TakeDirtyNodes();

        _h.Fleet.SetPresence("n1", Presence.Online);
        Assert.Empty(_h.Fleet.TakeDirtyNodes());

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Fleet.SetPresence("n1", Presence.Offline);
        _h.Fleet.SetPresence("unknown", Presence.Offline);
        var offline = Assert.Single(_h.Fleet.TakeDirtyNodes());
        Assert.Equal((Presence.Offline, T0), (offline.Presence, offline.LastSeen));

        _h.Fleet.SetPresence("n1", Presence.Online);
        Assert.Equal(T0.AddMinutes(1), Assert.Single(_h.Fleet.TakeDirtyNodes()).LastSeen);
        Assert.Null(_h.Fleet.Node("unknown"));
    }
}
