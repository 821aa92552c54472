using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Host.Api;
using EdgeMano.Plane.Store;
using Google.Protobuf;

namespace EdgeMano.Plane.Host;

/// <summary>
/// Runs the path of an operator's apply once on scratch objects right after start (read the
/// document, place and compose, a rollout step, the answer, the wire encoding), so the first real
/// change does not pay for compiling it (the store's write path included, on a scratch file): measured on this machine, the plane's first PUT took
/// 0.13-0.23 s against 3-8 ms for the next ones, and with 1,000 nodes that one-off cost was most
/// of the time until they all had the change. Nothing here touches the plane's own store, fleet or nodes.
/// </summary>
internal static class PlaneWarmup
{
    private const string Document = """
        name: warm-up
        selector: {site: warm-up}
        placement: {count: 1}
        rollout: {batchSize: 1, soak: 0s}
        workloads:
          - name: web
            kind: container
            image: local/warm-up:1
            env: {MODE: warm-up}
            ports: ["18080:8080"]
            resources: {cpus: 0.1, memory: 16Mi}
            health:
              http: {path: /, port: 8080}
        """;

    public static void Run()
    {
        var spec = DeploymentYaml.Parse(Document, "warm-up").Spec ?? throw new InvalidOperationException("the warm-up document does not parse");
        // A store of its own in a scratch directory: the commit path is compiled too, the plane's store is not touched.
        var dir = Directory.CreateTempSubdirectory("edgemano-plane-warmup-");
        try
        {
            using var store = LitePlaneStore.Open(dir.FullName);
            Exercise(spec, store);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Exercise(DeploymentSpec spec, IPlaneStore store)
    {
        var fleet = new FleetController(store, TimeProvider.System);
        var labels = new ValueMap([new("site", "warm-up")]);
        fleet.Report(new NodeReport { NodeId = "warm-up", Identity = new NodeIdentity { Labels = labels, CpuMillis = 1000, MemoryBytes = 1L << 30 } });
        fleet.Apply(spec);
        var changed = spec with { Workloads = new ValueList<WorkloadSpec>(spec.Workloads.Select(w => w with { Image = "local/warm-up:2" })) };
        fleet.Apply(changed);
        fleet.AdvanceRollouts();
        fleet.Apply(changed with { Rollout = null, Placement = Core.Scheduling.PlacementSpec.Everywhere });
        _ = ApiJson.Deployment(fleet.Deployment(spec.Name)!).ToJsonString();
        foreach (var state in fleet.AllIssued()) _ = DesiredStateProtoMapper.ToProto(state).ToByteArray();
        fleet.FlushPending();
        fleet.Delete(spec.Name);
    }
}
