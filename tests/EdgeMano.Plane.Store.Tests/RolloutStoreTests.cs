using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Rollouts;
using EdgeMano.Testing;
using Microsoft.Extensions.Time.Testing;
using static EdgeMano.Plane.Store.Tests.PlaneSamples;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>Rollout records through the real store: a plane restarted mid-rollout finds it exactly as it stood.</summary>
public sealed class RolloutStoreTests : IDisposable
{
    private static readonly ValueMap Site = new([new("site", "a")]);
    private readonly TempDir _dir = new("edgemano-plane-rollout-");
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose() => _dir.Dispose();

    private static DeploymentSpec Web(string image) => new()
    {
        Name = "web", Selector = Site,
        Workloads = new([FullWorkload() with { Name = "web", Image = image }]),
        Rollout = new RolloutSpec { BatchPercent = 50, MaxUnavailable = 1, Soak = TimeSpan.FromSeconds(7), FailureThreshold = 0.25, HealthTimeout = TimeSpan.FromMinutes(2) },
    };

    private static void Runs(FleetController fleet, string id)
    {
        var issued = fleet.IssuedFor(id)!;
        fleet.Report(new NodeReport
        {
            NodeId = id, Identity = new NodeIdentity { Labels = Site }, ObservedRevision = issued.Revision,
            Workloads = new(issued.Workloads.Select(w => new ReportedWorkload { Name = w.Name, Phase = "Running", Health = "Healthy", Restarts = 2, SpecHash = SpecHash.Compute(w) })),
        });
    }

    [Fact]
    public void Reopen_MidRollout_LoadsTheSameRecordAndSpecs()
    {
        RolloutRecord before;
        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var fleet = new FleetController(store, _time);
            foreach (var id in new[] { "n1", "n2", "n3", "n4" }) fleet.Report(new NodeReport { NodeId = id, Identity = new NodeIdentity { Labels = Site } });
            fleet.Apply(Web("local/web:1"));
            fleet.Apply(Web("local/web:2"));
            _time.Advance(TimeSpan.FromTicks(123_457));
            fleet.AdvanceRollouts();
            Runs(fleet, "n1");
            _time.Advance(TimeSpan.FromSeconds(1));
            fleet.AdvanceRollouts();
            fleet.FlushPending();
            before = store.Load().Rollouts.Single();
            Assert.Equal(NodeStepState.Soaking, before.Latest!.Waves[0].Nodes[0].State);
            Assert.NotNull(before.Latest.Waves[0].Nodes[0].RestartBaseline);
        }

        using (var store = LitePlaneStore.Open(_dir.Path))
        {
            var after = Assert.Single(store.Load().Rollouts);
            Assert.Equal(before.Latest, after.Latest);
            Assert.Equal(before.FromSpec, after.FromSpec);
            Assert.Equal(before.History, after.History);
            Assert.Equal(Web("local/web:2").Rollout, new FleetController(store, _time).Deployment("web")!.Deployment.Spec.Rollout);
        }
    }
}
