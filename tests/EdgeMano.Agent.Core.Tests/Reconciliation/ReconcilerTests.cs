using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Reconciliation;

/// <summary>The reconciler driven one pass at a time over fakes.</summary>
public sealed class ReconcilerTests
{
    [Fact]
    public async Task ReconcileOnce_NewDesired_CreatesPersistsAndConfirmsRevision()
    {
        await using var h = new ReconcilerHarness();
        var web = Container("web");
        var worker = Process("worker");
        var revision = h.Apply(web, worker);

        var first = await h.PassAsync();

        var webInstance = Assert.Single(h.Docker.Instances);
        Assert.Equal(("web", SpecHash.Compute(web), InstanceState.Running), (webInstance.Name, webInstance.SpecHash, webInstance.State));
        var workerInstance = Assert.Single(h.Process.Instances);
        Assert.Equal(SpecHash.Compute(worker), workerInstance.SpecHash);
        var stored = h.Store.Record("web")!;
        Assert.Equal(WorkloadPhase.Running, stored.Phase);
        Assert.Equal(webInstance.RuntimeId, stored.RuntimeId);
        Assert.Equal(SpecHash.Compute(web), stored.SpecHash);
        Assert.Equal(workerInstance.RuntimeId, h.Store.Record("worker")!.RuntimeId);
        Assert.Equal(revision, first.DesiredRevision);
        Assert.Equal(0, first.ObservedRevision);
        Assert.Equal(["web", "worker"], first.Workloads.Select(w => w.Name));
        Assert.Equal(2, h.Store.History.Count(e => e.Reason == "Started"));

        var confirming = await h.PassAsync();
        Assert.Equal(revision, confirming.ObservedRevision);
        Assert.Equal("node-1", confirming.NodeId);
        Assert.Equal(T0, confirming.LastReconcileAt);
        Assert.Equal(1, h.Docker.CreateCalls);
        Assert.Equal(1, h.Process.CreateCalls);
        Assert.Same(confirming, h.Reconciler.Snapshot);
    }

    [Fact]
    public async Task ReconcileOnce_NoDesiredEver_RemovesOrphansAndReportsRevisionZero()
    {
        await using var h = new ReconcilerHarness();
        h.Docker.Add("left-over", "abc");

        var snapshot = await h.PassAsync();

        Assert.Empty(h.Docker.Instances);
        Assert.Equal(0, snapshot.DesiredRevision);
        Assert.Empty(snapshot.Workloads);
    }

    [Fact]
    public async Task ReconcileOnce_NextRevision_UpdatesChangedRemovesDroppedKeepsUnchanged()
    {
        await using var h = new ReconcilerHarness();
        var keep = Container("keep");
        h.Apply(keep, Container("web", image: "local/app:1"), Process("worker"));
        await h.PassAsync();
        Assert.Equal(1, (await h.PassAsync()).ObservedRevision);
        var keptId = h.Store.Record("keep")!.RuntimeId;

        var web2 = Container("web", image: "local/app:2");
        var revision = h.Apply(keep, web2);
        var first = await h.PassAsync();
        Assert.Equal(1, first.ObservedRevision);

        Assert.Equal(
            [("keep", keptId, SpecHash.Compute(keep)), ("web", h.Store.Record("web")!.RuntimeId, SpecHash.Compute(web2))],
            h.Docker.Instances.Select(i => (i.Name, i.RuntimeId, i.SpecHash)).Order());
        Assert.Empty(h.Process.Instances);
        Assert.Null(h.Store.Record("worker"));
        Assert.Contains(h.Store.History, e => e.Workload == "worker" && e.Reason == "Removed");

        Assert.Equal(revision, (await h.PassAsync()).ObservedRevision);
    }

    [Fact]
    public async Task ReconcileOnce_RuntimeCannotBeListed_LeavesItsWorkloadsAndRecordsTheReason()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"), Process("worker"));
        h.Docker.FailNextList("docker: cannot reach unix:///var/run/docker.sock: connection refused");

        await h.PassAsync();

        Assert.Equal(0, h.Docker.CreateCalls);
        Assert.Single(h.Process.Instances);
        var web = h.Store.Record("web")!;
        Assert.Contains("docker unavailable", web.LastError);
        Assert.Contains("connection refused", web.LastError);

        await h.PassAsync();
        Assert.Single(h.Docker.Instances);
        Assert.Equal("", h.Store.Record("web")!.LastError);
    }

    [Fact]
    public async Task ReconcileOnce_ExitedInstance_RestartedOnlyWhenBackoffIsDue()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"));
        await h.PassAsync();
        var id = Assert.Single(h.Docker.Instances).RuntimeId;

        h.Docker.ExitNow(id, 1);
        await h.PassAsync();
        Assert.Equal(WorkloadPhase.BackingOff, h.Store.Record("web")!.Phase);
        Assert.Equal(0, h.Docker.StartCalls);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.PassAsync();
        Assert.Equal(1, h.Docker.StartCalls);
        var rec = h.Store.Record("web")!;
        Assert.Equal((WorkloadPhase.Running, 1, id), (rec.Phase, rec.Restarts, rec.RuntimeId));
        Assert.Equal(InstanceState.Running, Assert.Single(h.Docker.Instances).State);
    }

    [Fact]
    public async Task ReconcileOnce_FailingCreate_RecordBacksOffWithTheError()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"));
        h.Docker.FailNextCreate("docker: pull local/app:1: image not found");

        var snapshot = await h.PassAsync();

        var rec = h.Store.Record("web")!;
        Assert.Equal(WorkloadPhase.BackingOff, rec.Phase);
        Assert.Contains("image not found", rec.LastError);
        Assert.Equal(T0.AddSeconds(1), rec.NextAttemptAt);
        Assert.Equal(0, snapshot.ObservedRevision);
        Assert.Contains(h.Store.History, e => e.Reason == "CommandFailed" && e.Message.Contains("image not found"));

        await h.PassAsync();
        Assert.Equal(1, h.Docker.CreateCalls);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.PassAsync();
        Assert.Single(h.Docker.Instances);
        Assert.Equal(WorkloadPhase.Running, h.Store.Record("web")!.Phase);
    }

    [Fact]
    public async Task ReconcileOnce_UnchangedPass_WritesNothing()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"), Process("worker"));
        await h.PassAsync();
        await h.PassAsync();
        var writes = h.Store.RecordWrites;
        var events = h.Store.History.Count;

        await h.PassAsync();

        Assert.Equal(writes, h.Store.RecordWrites);
        Assert.Equal(events, h.Store.History.Count);
        Assert.Equal(1, h.Docker.CreateCalls);
    }

    [Fact]
    public async Task ReconcileOnce_FirstPass_RaisesFirstReconcileOnce()
    {
        await using var h = new ReconcilerHarness();
        var raised = 0;
        h.Reconciler.FirstReconcileCompleted += (_, _) => raised++;
        h.Apply(Container("web"));
        await h.PassAsync();
        await h.PassAsync();
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task ReconcileOnce_LowerRevisionRejectedByStore_KeepsRunningTheNewer()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web", image: "local/app:2"));
        h.Apply(Container("web", image: "local/app:3"));
        Assert.False(h.Store.SaveDesired(Desired(1, Container("web", image: "local/app:1"))).Accepted);

        await h.PassAsync();

        Assert.Equal(SpecHash.Compute(Container("web", image: "local/app:3")), Assert.Single(h.Docker.Instances).SpecHash);
    }
}
