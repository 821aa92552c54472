using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Tests.Fakes;

/// <summary>Small builders for workloads, deployments and node reports.</summary>
internal static class PlaneSpecs
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ValueMap Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    public static WorkloadSpec Container(string name, string image = "local/app:1", params int[] hostPorts) => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = image,
        Ports = new ValueList<PortMapping>(hostPorts.Select(p => new PortMapping { ContainerPort = 80, HostPort = p })),
    };

    public static DeploymentSpec Deployment(string name, ValueMap? selector, params WorkloadSpec[] workloads) =>
        new() { Name = name, Selector = selector ?? ValueMap.Empty, Workloads = new ValueList<WorkloadSpec>(workloads) };

    public static Deployment Stored(DeploymentSpec spec, long sequence) =>
        new() { Spec = spec, Sequence = sequence, CreatedAt = T0, UpdatedAt = T0 };

    public static NodeRecord Node(string id, ValueMap? labels = null) =>
        new() { Id = id, Identity = new NodeIdentity { Labels = labels ?? ValueMap.Empty } };

    public static NodeReport Report(string id, ValueMap? labels = null, long observed = 0) => new()
    {
        NodeId = id,
        Identity = new NodeIdentity { Labels = labels ?? ValueMap.Empty, Arch = "amd64", Runtime = "docker" },
        ObservedRevision = observed,
    };

    /// <summary>The workload names (the deployment label aside, the only thing most tests look at).</summary>
    public static string[] Names(IEnumerable<WorkloadSpec> workloads) => workloads.Select(w => w.Name).ToArray();
}
