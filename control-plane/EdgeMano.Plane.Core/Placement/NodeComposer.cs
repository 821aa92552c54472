using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Placement;

/// <summary>A matching node a deployment could not go to, and why.</summary>
public sealed record Unplaced(string Deployment, string Node, string Reason);

/// <summary>What one node must run: the union of the workloads of the deployments placed on it.</summary>
public sealed record NodeComposition(ValueList<WorkloadSpec> Workloads, IReadOnlyList<string> Placed, IReadOnlyList<Unplaced> Unplaced)
{
    public static readonly NodeComposition Empty = new(ValueList<WorkloadSpec>.Empty, [], []);
}

/// <summary>
/// Turns the deployments that select a node into that node's workload list. Pure. A deployment
/// goes on a node whole or not at all; on a clash (a workload name or a published host port
/// already taken) the older deployment keeps the node and the newer one is reported unplaced.
/// </summary>
public static class NodeComposer
{
    /// <summary>Label the plane puts on every workload so a node's workloads can be traced to their deployment.</summary>
    public const string DeploymentLabel = "edgemano.deployment";

    /// <param name="deployments">In creation order (oldest first).</param>
    public static NodeComposition Compose(NodeRecord node, IEnumerable<Deployment> deployments)
    {
        var nameOwner = new Dictionary<string, string>(StringComparer.Ordinal);
        var published = new List<PublishedPort>();
        var workloads = new List<WorkloadSpec>();
        var placed = new List<string>();
        var unplaced = new List<Unplaced>();
        foreach (var deployment in deployments)
        {
            if (!LabelSelector.Matches(deployment.Spec.Selector, node.Identity.Labels)) continue;
            var clash = FindClash(deployment.Spec, nameOwner, published);
            if (clash is not null)
            {
                unplaced.Add(new Unplaced(deployment.Name, node.Id, clash));
                continue;
            }
            foreach (var workload in deployment.Spec.Workloads)
            {
                nameOwner[workload.Name] = deployment.Name;
                foreach (var port in workload.Ports) published.Add(new(port, deployment.Name));
                workloads.Add(Label(workload, deployment.Name));
            }
            placed.Add(deployment.Name);
        }
        workloads.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new NodeComposition(new ValueList<WorkloadSpec>(workloads), placed, unplaced);
    }

    /// <summary>A deployment's workloads exactly as nodes receive them (labelled): what they report the hash of.</summary>
    public static IEnumerable<WorkloadSpec> AsDelivered(DeploymentSpec spec) => spec.Workloads.Select(w => Label(w, spec.Name));

    private static string? FindClash(DeploymentSpec spec, Dictionary<string, string> nameOwner, List<PublishedPort> published)
    {
        foreach (var workload in spec.Workloads)
        {
            if (nameOwner.TryGetValue(workload.Name, out var owner))
                return $"workload name '{workload.Name}' is used there by deployment '{owner}'";
            foreach (var port in workload.Ports)
            {
                if (published.Find(p => p.ClashesWith(port)) is { } taken)
                    return $"host port {port.EffectiveHostPort}/{port.Protocol} is published there by deployment '{taken.Deployment}'";
            }
        }
        return null;
    }

    /// <summary>
    /// A port already on the node. The rule is the agent's (DesiredStateValidator): same port and
    /// protocol clash unless both are bound to different specific addresses, so the plane neither
    /// refuses a pair the node would run nor composes a list the node would refuse.
    /// </summary>
    private sealed record PublishedPort(PortMapping Port, string Deployment)
    {
        public bool ClashesWith(PortMapping other) =>
            Port.EffectiveHostPort == other.EffectiveHostPort
            && Port.Protocol.Equals(other.Protocol, StringComparison.OrdinalIgnoreCase)
            && (IsWildcard(Port.HostIp) || IsWildcard(other.HostIp) || Port.HostIp == other.HostIp);

        private static bool IsWildcard(string hostIp) => hostIp is "" or "0.0.0.0" or "::";
    }

    private static WorkloadSpec Label(WorkloadSpec workload, string deployment) =>
        workload.Labels.TryGetValue(DeploymentLabel, out var existing) && existing == deployment
            ? workload
            : workload with { Labels = new ValueMap(workload.Labels.Where(l => l.Key != DeploymentLabel).Append(new(DeploymentLabel, deployment))) };
}
