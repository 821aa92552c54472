using EdgeMano.Plane.Core.Ports;
using EdgeMano.Testing;
using static EdgeMano.Plane.Store.Tests.PlaneSamples;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>The plane's store on real files: what goes in comes back, across reopening.</summary>
public sealed class LitePlaneStoreTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-plane-store-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_EmptyDir_CreatesFileAndLoadsNothing()
    {
        using var store = LitePlaneStore.Open(_dir.Combine("state"));

        Assert.Equal(_dir.Combine("state", LitePlaneStore.FileName), store.FilePath);
        var snapshot = store.Load();
        Assert.Empty(snapshot.Deployments);
        Assert.Empty(snapshot.Nodes);
        Assert.Empty(snapshot.Issued);
    }

    [Fact]
    public void Commit_Deployments_RoundTripEveryField()
    {
        using var store = LitePlaneStore.Open(_dir.Path);

        store.Commit(new PlaneChange { UpsertDeployments = [Deployment("web", 1), Deployment("api", 2)] });

        var loaded = store.Load().Deployments.OrderBy(d => d.Sequence).ToList();
        Assert.Equal([Deployment("web", 1), Deployment("api", 2)], loaded);
    }

    [Fact]
    public void Commit_UpsertAndDelete_ReplacesAndRemoves()
    {
        using var store = LitePlaneStore.Open(_dir.Path);
        store.Commit(new PlaneChange { UpsertDeployments = [Deployment("web", 1), Deployment("api", 2)] });

        store.Commit(new PlaneChange { UpsertDeployments = [Deployment("web", 1, generation: 4)], DeleteDeployments = ["api", "never-there"] });

        Assert.Equal([Deployment("web", 1, generation: 4)], store.Load().Deployments);
    }

    [Fact]
    public void Commit_IssuedStates_WorkloadFieldsSurvive()
    {
        using var store = LitePlaneStore.Open(_dir.Path);

        store.Commit(new PlaneChange { Issued = [Issued("edge-1", 4), Issued("edge-2", 1)] });
        store.Commit(new PlaneChange { Issued = [Issued("edge-1", 5) with { Workloads = new([ProcessWorkload()]) }] });

        var loaded = store.Load().Issued.OrderBy(s => s.NodeId).ToList();
        Assert.Equal([Issued("edge-1", 5) with { Workloads = new([ProcessWorkload()]) }, Issued("edge-2", 1)], loaded);
    }

    [Fact]
    public void Commit_Nodes_LabelsWithDotsAndNullExitCodesSurvive()
    {
        using var store = LitePlaneStore.Open(_dir.Path);

        store.Commit(new PlaneChange { Nodes = [Node("edge-1"), Node("edge.2") with { Workloads = new([]) }] });

        var loaded = store.Load().Nodes.OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        Assert.Equal([Node("edge-1"), Node("edge.2") with { Workloads = new([]) }], loaded);
        Assert.Null(loaded[0].Workloads[0].LastExitCode);
        Assert.Equal("r7", loaded[0].Identity.Labels["topology.edgemano.io/rack"]);
    }

    [Fact]
    public void Commit_NodeIdsDifferingOnlyInCase_AreTwoNodes()
    {
        using var store = LitePlaneStore.Open(_dir.Path);

        store.Commit(new PlaneChange
        {
            Nodes = [Node("Edge-1", desiredRevision: 1), Node("edge-1", desiredRevision: 2)],
            Issued = [Issued("Edge-1", 1), Issued("edge-1", 2)],
        });

        var snapshot = store.Load();
        Assert.Equal(["Edge-1", "edge-1"], snapshot.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal([("Edge-1", 1L), ("edge-1", 2L)], snapshot.Issued.Select(s => (s.NodeId, s.Revision)).OrderBy(p => p.NodeId, StringComparer.Ordinal));
    }

    [Fact]
    public void Commit_EmptyChange_WritesNothing()
    {
        using var store = LitePlaneStore.Open(_dir.Path);

        store.Commit(new PlaneChange());

        Assert.Empty(store.Load().Deployments);
    }

    [Fact]
    public void Open_SecondTimeWhileOpen_ThrowsClearIOException()
    {
        using var first = LitePlaneStore.Open(_dir.Path);

        var ex = Assert.Throws<IOException>(() => LitePlaneStore.Open(_dir.Path));

        Assert.StartsWith($"plane store: cannot open {first.FilePath}: ", ex.Message);
        Assert.Contains("holds its lock", ex.Message);
        first.Commit(new PlaneChange { UpsertDeployments = [Deployment("web")] }); // the first one is unharmed
        Assert.Single(first.Load().Deployments);
    }

    [Fact]
    public void Open_AfterDispose_KeepsEverything()
    {
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            store.Commit(new PlaneChange
            {
                UpsertDeployments = [Deployment("web", 1), Deployment("api", 2)],
                Issued = [Issued("edge-1", 4)],
                Nodes = [Node("edge-1")],
            });
            store.AppendEvents([Event("edge-1", 1), Event("edge-1", 2)], keepPerNode: 100);
        }

        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var snapshot = store.Load();
            Assert.Equal([Deployment("api", 2), Deployment("web", 1)], snapshot.Deployments.OrderBy(d => d.Name));
            Assert.Equal([Issued("edge-1", 4)], snapshot.Issued);
            Assert.Equal([Node("edge-1")], snapshot.Nodes);
            Assert.Equal([Event("edge-1", 1), Event("edge-1", 2)], store.LoadEvents("edge-1", 10));
        }
    }

    [Fact]
    public void Load_AfterDispose_ThrowsObjectDisposed()
    {
        var store = LitePlaneStore.Open(_dir.Path);
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Load());
    }
}
