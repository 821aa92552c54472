using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Testing;
using Microsoft.Extensions.Time.Testing;
using static EdgeMano.Plane.Store.Tests.PlaneSamples;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>The controller over the real store: a plane restart (process gone, file reopened) loses nothing.</summary>
public sealed class FleetOverLiteStoreTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-plane-fleet-");
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Restart_ControllerOverReopenedStore_SeesTheSameFleet()
    {
        var siteA = new ValueMap([new("site", "plant-a")]);
        IReadOnlyList<DeploymentView> deployments;
        IReadOnlyList<DesiredState> issued;
        IReadOnlyList<NodeRecord> nodes;
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, _time);
            fleet.Report(new NodeReport { NodeId = "Edge-1", Identity = new NodeIdentity { Labels = siteA } });
            fleet.Report(new NodeReport { NodeId = "edge-1", Identity = new NodeIdentity { Labels = siteA }, ObservedRevision = 7 });
            _time.Advance(TimeSpan.FromTicks(12_345));
            fleet.Apply(new DeploymentSpec { Name = "web", Selector = siteA, Workloads = new([FullWorkload()]) });
            fleet.Apply(new DeploymentSpec { Name = "jobs", Workloads = new([ProcessWorkload()]) });
            fleet.Report(new NodeReport { NodeId = "edge-1", Identity = new NodeIdentity { Labels = siteA }, ObservedRevision = 9 });
            var dirty = fleet.TakeDirtyNodes();
            store.Commit(new PlaneChange { Nodes = dirty });
            deployments = fleet.Deployments();
            issued = fleet.AllIssued().OrderBy(s => s.NodeId, StringComparer.Ordinal).ToList();
            nodes = fleet.Nodes(ValueMap.Empty);
        }

        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, _time);

            Assert.Equal(deployments, fleet.Deployments(), DeploymentViewComparer.Instance);
            Assert.Equal(issued, fleet.AllIssued().OrderBy(s => s.NodeId, StringComparer.Ordinal));
            Assert.Equal(nodes.Select(n => n with { Presence = Presence.Unknown }), fleet.Nodes(ValueMap.Empty));
            Assert.Equal([("Edge-1", 2L), ("edge-1", 9L)], issued.Select(s => (s.NodeId, s.Revision)));
            Assert.Equal(ApplyOutcome.Unchanged, fleet.Apply(new DeploymentSpec { Name = "web", Selector = siteA, Workloads = new([FullWorkload()]) }).Result.Outcome);
        }
    }

    private sealed class DeploymentViewComparer : IEqualityComparer<DeploymentView>
    {
        public static readonly DeploymentViewComparer Instance = new();

        public bool Equals(DeploymentView? x, DeploymentView? y) =>
            x is not null && y is not null && x.Deployment == y.Deployment
            && x.Nodes.SequenceEqual(y.Nodes) && x.Unplaced.SequenceEqual(y.Unplaced);

        public int GetHashCode(DeploymentView obj) => obj.Deployment.GetHashCode();
    }
}
