using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;
using EdgeMano.Plane.Core.Tests.Fakes;

namespace EdgeMano.Plane.Core.Tests.Fleet;

/// <summary>Builders for controller-level placement tests: nodes with arch and capacity, deployments with placement and limits.</summary>
internal static class PlacedFleet
{
    public const long Mi = 1024L * 1024;

    public static NodeReport Node(string id, string site = "a", string arch = "arm64", string runtime = "docker", long memoryMi = 1024, long cpuMillis = 4000) => new()
    {
        NodeId = id,
        Identity = new NodeIdentity
        {
            Labels = PlaneSpecs.Labels(("site", site)),
            Arch = arch,
            Runtime = runtime,
            MemoryBytes = memoryMi * Mi,
            CpuMillis = cpuMillis,
        },
    };

    public static DeploymentSpec Placed(string name, PlacementSpec? placement = null, string site = "", long memoryMi = 0, double cpus = 0) => new()
    {
        Name = name,
        Selector = site.Length == 0 ? ValueMap.Empty : PlaneSpecs.Labels(("site", site)),
        Placement = placement ?? PlacementSpec.Everywhere,
        Workloads = new ValueList<WorkloadSpec>([
            PlaneSpecs.Container(name) with { Resources = new ResourceLimits { MemoryBytes = memoryMi * Mi, Cpus = cpus } },
        ]),
    };

    /// <summary>The nodes whose issued desired state holds the deployment's workload, sorted.</summary>
    public static string[] NodesRunning(FleetHarness h, string deployment) =>
        h.Fleet.AllIssued().Where(s => s.Workloads.Any(w => w.Name == deployment)).Select(s => s.NodeId).Order(StringComparer.Ordinal).ToArray();

    public static ValueList<string> Values(params string[] items) => new(items);
}
