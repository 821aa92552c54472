using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Core.Tests.Fakes;
using static EdgeMano.Plane.Core.Tests.Fakes.PlaneSpecs;

namespace EdgeMano.Plane.Core.Tests.Fleet;

/// <summary>What reaches the store, when, and what a restart gets back.</summary>
public sealed class FleetControllerDurabilityTests
{
    private static readonly ValueMap SiteA = Labels(("site", "a"));

    private readonly FleetHarness _h = new();

    [Fact]
    public void ApplyReportDelete_EachMutation_CommittedBeforeReturning()
    {
        var log = _h.Store.Log;

        _h.Fleet.Report(Report("n1", SiteA));
        log.Add("report returned");
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        log.Add("apply returned");
        _h.Fleet.Report(Report("n2", SiteA));
        log.Add("report returned");
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));
        log.Add("apply returned");
        _h.Fleet.Report(Report("n1", SiteA, observed: 5));
        log.Add("report returned");
        _h.Fleet.Delete("web");
        log.Add("delete returned");
        _h.Flush();

        // A node's first state goes with the change (a restart re-issues only nodes it knows); the
        // states of nodes already stored are written behind, the change counted until they are.
        Assert.Equal([
            "report returned",
            "commit +web n1@1", "apply returned",
            "commit n2@1", "report returned",
            "commit +web behind+1", "apply returned",
            "commit n1@6", "report returned",
            "commit -web behind+1", "delete returned",
            "commit n1@7 n2@3 behind-2",
        ], log.Select(l => l.Replace("n2@3 n1@7", "n1@7 n2@3")));
        Assert.All(_h.Fleet.AllIssued(), s => Assert.Equal(s, _h.Store.StoredIssued[s.NodeId]));
        Assert.Equal(0, _h.Store.IssuedBehind);
    }

    [Fact]
    public void Restart_AfterCrashWithStatesNotWritten_EveryNodeIssuedAboveAnythingSent()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Report(Report("n2", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Flush();
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web"))); // back to what is stored: n1 and n2 were sent revisions 2 and 3
        Assert.Equal((1L, 2L), (_h.Store.StoredIssued["n1"].Revision, _h.Store.IssuedBehind));

        var fleet = _h.Restart(flush: false);

        // Stored 1, up to 2 sent since: 4 is the first revision no agent can hold already.
        Assert.All(fleet.AllIssued(), s => Assert.Equal(4, s.Revision));
        Assert.Equal(["web"], Names(fleet.IssuedFor("n1")!.Workloads));
        Assert.Equal(4, fleet.Node("n2")!.DesiredRevision);
        Assert.Equal(3, _h.Store.IssuedBehind); // counted again before publishing: a second crash skips these too
        var again = _h.Restart(flush: false);
        Assert.All(again.AllIssued(), s => Assert.Equal(5, s.Revision)); // stored 1 + 3 behind + 1: above the 4 of the first restart
        again.FlushPending();
        Assert.Equal(0, _h.Store.IssuedBehind);
        Assert.Equal(5, _h.Store.StoredIssued["n2"].Revision);
        Assert.All(_h.Restart(flush: false).AllIssued(), s => Assert.Equal(5, s.Revision)); // all written: nothing issued again
    }

    [Fact]
    public void Restart_Clean_NothingIssuedAgain()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));

        var fleet = _h.Restart();

        Assert.Equal(2, fleet.IssuedFor("n1")!.Revision);
        Assert.Equal(0, _h.Store.IssuedBehind);
    }

    [Fact]
    public async Task Flush_SlowWrite_ReportsAreNotHeldUpAndNoOlderRecordLandsLast()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));
        using var writing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _h.Store.BeforeCommit = c =>
        {
            if (c.IssuedBehindDelta >= 0) return;
            writing.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        };

        var flush = Task.Run(() => _h.Fleet.FlushPending());
        Assert.True(writing.Wait(TimeSpan.FromSeconds(10)));
        var report = Task.Run(() => _h.Fleet.Report(Report("n1", SiteA, observed: 2)));
        Assert.Same(report, await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(5)))); // not behind the write
        var relabel = Task.Run(() => _h.Fleet.Report(Report("n1", Labels(("site", "b")))));
        await Task.Delay(200);
        Assert.False(relabel.IsCompleted); // its commit waits for the flush's: the flush's older n1@2 cannot land after n1@3
        release.Set();
        await Task.WhenAll(flush, relabel);

        Assert.Equal(3, _h.Store.StoredIssued["n1"].Revision);
        Assert.Empty(_h.Store.StoredIssued["n1"].Workloads);
    }

    [Fact]
    public void Flush_StoreFails_StatesStayPendingAndTheNextFlushWritesThem()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));
        _h.Store.FailNextCommits = 1;

        Assert.Throws<IOException>(() => _h.Fleet.FlushPending());

        Assert.Equal(1, _h.Store.StoredIssued["n1"].Revision);
        Assert.Equal(1, _h.Store.IssuedBehind);
        _h.Fleet.FlushPending();
        Assert.Equal(2, _h.Store.StoredIssued["n1"].Revision);
        Assert.Equal(0, _h.Store.IssuedBehind);
    }

    [Fact]
    public void Apply_StoreFails_NothingChangesAndARetryStoresIt()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Store.FailNextCommits = 1;

        Assert.Throws<IOException>(() => _h.Fleet.Apply(Deployment("web", SiteA, Container("web"))));

        Assert.Null(_h.Fleet.Deployment("web"));
        Assert.Null(_h.Fleet.IssuedFor("n1"));
        Assert.Equal(0, _h.Fleet.Node("n1")!.DesiredRevision);
        var retry = _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        Assert.Equal((ApplyOutcome.Created, 1L), (retry.Result.Outcome, retry.Result.Deployment.Sequence));
        Assert.Equal(1, Assert.Single(retry.ToPublish).Revision);
        Assert.True(_h.Store.StoredDeployments.ContainsKey("web"));
    }

    [Fact]
    public void Update_StoreFails_OldGenerationKeptAndARetryStoresIt()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Store.FailNextCommits = 1;

        Assert.Throws<IOException>(() => _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2"))));

        Assert.Equal(1, _h.Fleet.Deployment("web")!.Deployment.Generation);
        Assert.Equal(1, _h.RevisionOf("n1"));
        var retry = _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));
        Assert.Equal((ApplyOutcome.Updated, 2L), (retry.Result.Outcome, Assert.Single(retry.ToPublish).Revision));
    }

    [Fact]
    public void Delete_StoreFails_DeploymentStaysAndARetryDeletesIt()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Store.FailNextCommits = 1;

        Assert.Throws<IOException>(() => _h.Fleet.Delete("web"));

        Assert.NotNull(_h.Fleet.Deployment("web"));
        Assert.Equal(["web"], Names(_h.WorkloadsOf("n1")));
        var retry = _h.Fleet.Delete("web");
        Assert.True(retry.Result);
        Assert.Equal(2, Assert.Single(retry.ToPublish).Revision);
    }

    [Fact]
    public void Report_StoreFails_NextReportIssuesAgain()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Store.FailNextCommits = 1;

        Assert.Throws<IOException>(() => _h.Fleet.Report(Report("n1", SiteA)));

        Assert.Null(_h.Fleet.IssuedFor("n1"));
        Assert.Empty(_h.Fleet.TakeDirtyNodes());
        var retry = _h.Fleet.Report(Report("n1", SiteA));
        Assert.Equal(("n1", 1L), (retry.ToPublish[0].NodeId, retry.ToPublish[0].Revision));
    }

    [Fact]
    public void Restart_SameStore_KeepsDeploymentsIssuedNodesAndSequenceOrder()
    {
        _h.Fleet.Report(Report("n1", SiteA) with { Identity = new NodeIdentity { Labels = SiteA, Arch = "arm64", CpuMillis = 2000 } });
        _h.Fleet.Apply(Deployment("older", null, Container("web")));
        _h.Fleet.Apply(Deployment("gone", null, Container("x")));
        _h.Fleet.Apply(Deployment("newer", SiteA, Container("web", "local/new:1")));
        _h.Fleet.Delete("gone");
        _h.Fleet.Report(Report("n1", SiteA, observed: 4) with { Identity = new NodeIdentity { Labels = SiteA, Arch = "arm64", CpuMillis = 2000 } });
        var deploymentsBefore = _h.Fleet.Deployments();
        var issuedBefore = _h.Fleet.IssuedFor("n1");
        var nodeBefore = _h.Fleet.Node("n1");

        var fleet = _h.Restart();

        Assert.Equal(deploymentsBefore.Select(d => d.Deployment), fleet.Deployments().Select(d => d.Deployment));
        Assert.Equal(["n1"], fleet.Deployment("older")!.Nodes);
        Assert.Equal("n1", Assert.Single(fleet.Deployment("newer")!.Unplaced).Node);
        Assert.Equal(issuedBefore, fleet.IssuedFor("n1"));
        Assert.Equal(nodeBefore! with { Presence = Presence.Unknown }, fleet.Node("n1"));
        // A deployment made after the restart is still the newest: it loses the clash with "older".
        fleet.Apply(Deployment("latest", null, Container("web", "local/latest:1")));
        Assert.Equal(["older"], fleet.Deployments().Where(d => d.Nodes.Count > 0).Select(d => d.Deployment.Name));
        Assert.True(fleet.Deployment("latest")!.Deployment.Sequence > fleet.Deployment("newer")!.Deployment.Sequence);
        Assert.Equal(ApplyOutcome.Unchanged, fleet.Apply(Deployment("older", null, Container("web"))).Result.Outcome);
        Assert.Empty(fleet.Report(Report("n1", SiteA, observed: 4)).ToPublish);
    }

    [Fact]
    public void Restart_StaleNodeBatchWrittenAfterAnIssue_DesiredRevisionFollowsTheIssuedState()
    {
        _h.Fleet.Report(Report("n1", SiteA));
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Report(Report("n1", SiteA, observed: 1));
        // The background writer takes the dirty batch, an apply commits revision 2, then the batch lands.
        var staleBatch = _h.Fleet.TakeDirtyNodes();
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web", "local/web:2")));
        _h.Store.Commit(new PlaneChange { Nodes = staleBatch });

        var fleet = _h.Restart();

        var node = fleet.Node("n1")!;
        Assert.Equal((2L, 1L, false), (node.DesiredRevision, node.ObservedRevision, node.InSync));
    }

    [Fact]
    public void Restart_StatusBatchLost_NodeRebuiltFromItsNextReport()
    {
        _h.Fleet.Apply(Deployment("web", SiteA, Container("web")));
        _h.Fleet.Report(Report("n2", Labels(("site", "b"))));

        var fleet = _h.Restart(flush: false);

        Assert.Null(fleet.Node("n2"));
        Assert.Empty(fleet.Report(Report("n2", Labels(("site", "b")))).ToPublish);
        Assert.Equal(1, fleet.Report(Report("n1", SiteA)).ToPublish[0].Revision);
    }
}
