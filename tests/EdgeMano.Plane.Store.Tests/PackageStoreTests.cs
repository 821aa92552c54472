using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>Onboarded packages and the deployments that use them, on real files, across reopening.</summary>
public sealed class PackageStoreTests : IDisposable
{
    private const string Cnf = """
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {name: hello, version: 1.0.0, provider: Acme}
        workloads:
          - name: hello
            kind: container
            image: local/busybox:1
            command: [sleep, "3600"]
        """;

    private readonly TempDir _dir = new("edgemano-plane-packages-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Commit_Package_RoundTripsBytesExactly()
    {
        var content = new byte[] { 0, 1, 2, 255, 80, 75 };
        var package = new StoredPackage { Name = "Hello", Version = "1.0.0", Digest = "sha256:ab", FileName = "hello.zip", Content = content, OnboardedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).AddTicks(7) };
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            store.Commit(new PlaneChange { UpsertPackages = [package, package with { Name = "hello" }] });
        }
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var loaded = store.Load().Packages!.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            Assert.Equal(2, loaded.Count); // names differing in case are two packages
            Assert.Equal(content, loaded[0].Content);
            Assert.Equal(package.OnboardedAt, loaded[0].OnboardedAt);
            store.Commit(new PlaneChange { DeletePackages = [package.Key] });
            Assert.Equal(["hello"], store.Load().Packages!.Select(p => p.Name));
        }
    }

    [Fact]
    public void Fleet_OnboardDeployRestart_PackageAndDeploymentComeBack()
    {
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, TimeProvider.System);
            var onboarded = fleet.Onboard("cnf.yaml", System.Text.Encoding.UTF8.GetBytes(Cnf));
            Assert.Equal(OnboardOutcome.Created, onboarded.Outcome);
            var (spec, error) = fleet.ResolvePackage(new DeploymentSpec { Name = "web", Package = new PackageRef("hello", "1.0.0") }, "body");
            Assert.Null(error);
            fleet.Apply(spec!);
        }
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, TimeProvider.System);
            Assert.Empty(fleet.UnreadablePackages);
            var entry = Assert.Single(fleet.Packages());
            Assert.Equal("hello", entry.Model.Name);
            var deployment = fleet.Deployment("web")!.Deployment;
            Assert.Equal(new PackageRef("hello", "1.0.0"), deployment.Spec.Package);
            Assert.Equal(entry.Model.Digest, deployment.Spec.PackageDigest);
            Assert.Equal("hello", deployment.Spec.Workloads[0].Labels[FleetController.PackageLabel]);
            Assert.Equal(FleetController.PackageDeleteOutcome.InUse, fleet.DeletePackage("hello", "1.0.0").Outcome);
            fleet.Delete("web");
            Assert.Equal(FleetController.PackageDeleteOutcome.Deleted, fleet.DeletePackage("hello", "1.0.0").Outcome);
        }
        using (var store = LitePlaneStore.Open(_dir.Path))
            Assert.Empty(store.Load().Packages!);
    }
}
