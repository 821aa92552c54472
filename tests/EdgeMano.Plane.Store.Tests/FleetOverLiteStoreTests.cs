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
            fleet.FlushPending(); // what the plane's writer does at a clean stop
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

    [Fact]
    public void Restart_AfterCrashBeforeTheStatesWereWritten_NodesIssuedAboveWhatTheyMayHold()
    {
        var siteA = new ValueMap([new("site", "plant-a")]);
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, _time);
            fleet.Report(new NodeReport { NodeId = "edge-1", Identity = new NodeIdentity { Labels = siteA } });
            fleet.Apply(new DeploymentSpec { Name = "web", Selector = siteA, Workloads = new([FullWorkload()]) });
            fleet.FlushPending();
            var sent = fleet.Apply(new DeploymentSpec { Name = "web", Selector = siteA, Workloads = new([ProcessWorkload()]) }).ToPublish;
            Assert.Equal(2, Assert.Single(sent).Revision);
            // No flush: the process dies with revision 2 published and not written.
        }

        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            Assert.Equal(1, store.Load().IssuedBehind);
            var fleet = new FleetController(store, _time);
            var issued = fleet.IssuedFor("edge-1")!;
            Assert.Equal(3, issued.Revision);
            Assert.Equal([ProcessWorkload().Name], issued.Workloads.Select(w => w.Name));
            fleet.FlushPending();
            Assert.Equal(0, store.Load().IssuedBehind);
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
