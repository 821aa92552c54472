using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>A node the selector matched but the deployment may not use, and why (operator text).</summary>
public sealed record NodeRejection(string Deployment, string Node, string Reason);

/// <summary>Where one deployment goes.</summary>
public sealed record DeploymentPlacement
{
    public required string Deployment { get; init; }
    /// <summary>Chosen node ids, sorted ordinally.</summary>
    public ValueList<string> Nodes { get; init; } = ValueList<string>.Empty;
    /// <summary>Copies asked for; 0 = every eligible node.</summary>
    public int Wanted { get; init; }
    /// <summary>Why fewer nodes than wanted were chosen ("cannot place 2 of 3: ..."); "" when none are missing.</summary>
    public string Shortfall { get; init; } = "";
    /// <summary>Matching nodes refused, one entry per node.</summary>
    public ValueList<NodeRejection> Rejections { get; init; } = ValueList<NodeRejection>.Empty;
    /// <summary>Things the operator should know that are not refusals (capacity not checked, ...).</summary>
    public ValueList<string> Notes { get; init; } = ValueList<string>.Empty;
}

/// <summary>The planner's answer, in the order the requests were given.</summary>
public sealed record PlacementPlan(ValueList<DeploymentPlacement> Deployments)
{
    public DeploymentPlacement? For(string deployment) => Deployments.FirstOrDefault(d => d.Deployment == deployment);

    /// <summary>Per node, the deployments chosen for it (oldest first): what NodeComposer should be given for that node.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeploymentsByNode()
    {
        var byNode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var placement in Deployments)
        {
            foreach (var node in placement.Nodes)
            {
                if (!byNode.TryGetValue(node, out var list)) byNode[node] = list = [];
                list.Add(placement.Deployment);
            }
        }
        return byNode.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }
}
