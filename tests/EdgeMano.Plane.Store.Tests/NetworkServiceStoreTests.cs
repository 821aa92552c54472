using System.Text;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>Network service instances on real files: round trip, delete, and a controller reopening them.</summary>
public sealed class NetworkServiceStoreTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-plane-ns-");

    public void Dispose() => _dir.Dispose();

    private static NsInstance Instance(string name) => new()
    {
        Name = name,
        Nsd = new PackageRef("web", "1.0.0"),
        NsdDigest = "sha256:ab",
        Selector = new ValueMap([new("site", "a"), new("edgemano.io/tier", "edge")]),
        Node = "n1",
        Cnfs = new([new NsInstanceCnf("server", new PackageRef("srv", "1.0.0"), $"{name}--server")]),
        Links = new([new NsInstanceLink("data", $"{name}-data", new(["server", "client"]))]),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).AddTicks(7),
    };

    [Fact]
    public void Commit_Instances_RoundTripAndDeleteAcrossReopen()
    {
        using (var store = LitePlaneStore.Open(_dir.Path))
            store.Commit(new PlaneChange { UpsertNetworkServices = [Instance("Ns1"), Instance("ns1")] });
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var loaded = store.Load().NetworkServices.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            Assert.Equal([Instance("Ns1"), Instance("ns1")], loaded);
            store.Commit(new PlaneChange { DeleteNetworkServices = ["Ns1"] });
        }
        using (var reopened = LitePlaneStore.Open(_dir.Path))
            Assert.Equal(["ns1"], reopened.Load().NetworkServices.Select(n => n.Name));
    }

    [Fact]
    public void Controller_InstanceOverRealStore_SurvivesReopenAndTerminates()
    {
        const string cnf = "apiVersion: edgemano/v1\nkind: CnfPackage\nmetadata: {name: srv, version: 1.0.0, provider: t}\nworkloads:\n  - {name: app, kind: container, image: local/busybox:1}\n";
        const string nsd = "apiVersion: edgemano/v1\nkind: NetworkService\nmetadata: {name: web, version: 1.0.0, provider: t}\ncnfs:\n  - {name: server, package: srv@1.0.0}\n";
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, TimeProvider.System);
            fleet.Onboard("cnf.yaml", Encoding.UTF8.GetBytes(cnf));
            fleet.Onboard("nsd.yaml", Encoding.UTF8.GetBytes(nsd));
            var created = fleet.InstantiateNetworkService(new NsInstantiateRequest { Name = "ns1", Nsd = new PackageRef("web", "1.0.0") });
            Assert.Equal(NsOutcome.Created, created.Result.Outcome);
        }
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, TimeProvider.System);
            Assert.Equal("ns1--server", Assert.Single(Assert.Single(fleet.NetworkServices()).Cnfs).Deployment!.Deployment.Name);
            Assert.True(fleet.TerminateNetworkService("ns1").Result);
        }
        using (var reopened = LitePlaneStore.Open(_dir.Path))
        {
            var snapshot = reopened.Load();
            Assert.Empty(snapshot.NetworkServices);
            Assert.Empty(snapshot.Deployments);
        }
    }
}
