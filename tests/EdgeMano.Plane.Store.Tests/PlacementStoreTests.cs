using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Core.Scheduling;
using EdgeMano.Testing;
using LiteDB;
using static EdgeMano.Plane.Store.Tests.PlaneSamples;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>A deployment's placement block on disk, and deployments stored before it existed.</summary>
public sealed class PlacementStoreTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-plane-placement-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Commit_DeploymentWithPlacement_RoundTripsEveryField()
    {
        var placement = new PlacementSpec
        {
            Arch = new ValueList<string>(["arm64", "amd64"]), Runtimes = new ValueList<string>(["containerd"]),
            Count = 3, SpreadBy = "site", MaxPerSpreadValue = 2,
        };
        var deployment = Deployment("cam") with { Spec = Deployment("cam").Spec with { Placement = placement } };
        using (var store = LitePlaneStore.Open(_dir.Path)) store.Commit(new PlaneChange { UpsertDeployments = [deployment] });

        using var reopened = LitePlaneStore.Open(_dir.Path);

        Assert.Equal(deployment, Assert.Single(reopened.Load().Deployments));
    }

    [Fact]
    public void Load_DeploymentStoredBeforePlacementExisted_IsEverywhere()
    {
        using (var store = LitePlaneStore.Open(_dir.Path)) store.Commit(new PlaneChange { UpsertDeployments = [Deployment("old")] });
        using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_dir.Path, LitePlaneStore.FileName), Connection = ConnectionType.Direct }))
        {
            var collection = db.GetCollection("deployments");
            var doc = collection.FindAll().Single();
            Assert.True(doc.Remove("placement"));
            collection.Update(doc);
        }

        using var reopened = LitePlaneStore.Open(_dir.Path);

        var loaded = Assert.Single(reopened.Load().Deployments);
        Assert.Same(PlacementSpec.Everywhere, loaded.Spec.Placement);
        Assert.Equal(Deployment("old"), loaded);
    }
}
