using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>
/// Where a deployment may go beyond its selector, and how many copies it wants. The default
/// (<see cref="Everywhere"/>) keeps today's rule: every node the selector matches.
/// </summary>
public sealed record PlacementSpec
{
    public static readonly PlacementSpec Everywhere = new();

    /// <summary>Allowed node architectures (as nodes report them, e.g. "arm64"); empty = any.</summary>
    public ValueList<string> Arch { get; init; } = ValueList<string>.Empty;
    /// <summary>Allowed runtime kinds ("docker", "containerd", "process", ...); empty = any.</summary>
    public ValueList<string> Runtimes { get; init; } = ValueList<string>.Empty;
    /// <summary>Nodes wanted; 0 = every eligible node.</summary>
    public int Count { get; init; }
    /// <summary>Node label key to spread copies across (e.g. "site"); "" = no spreading.</summary>
    public string SpreadBy { get; init; } = "";
    /// <summary>At most this many copies per value of <see cref="SpreadBy"/>; 0 = no cap.</summary>
    public int MaxPerSpreadValue { get; init; }

    /// <summary>The first problem an operator must fix, or null: checked at the API, before any planning.</summary>
    public string? Validate()
    {
        if (Count < 0) return $"count must be 0 (every eligible node) or more, got {Count}";
        if (MaxPerSpreadValue < 0) return $"maxPerSpreadValue must be 0 (no cap) or more, got {MaxPerSpreadValue}";
        if (MaxPerSpreadValue > 0 && SpreadBy.Length == 0) return "maxPerSpreadValue needs spreadBy (the label key whose values it caps)";
        return null;
    }
}

/// <summary>
/// What one copy of a deployment takes from a node. CPU in millicores so sums stay exact;
/// 0 in a dimension = the deployment asks for nothing there and is never refused for it.
/// </summary>
public sealed record ResourceRequest(long CpuMillis, long MemoryBytes)
{
    public static readonly ResourceRequest None = new(0, 0);

    /// <summary>The sum of the workloads' limits: a limit is what the runtime lets a workload take, so it is what the node must hold.</summary>
    public static ResourceRequest Of(IEnumerable<WorkloadSpec> workloads)
    {
        double cpus = 0;
        long memory = 0;
        foreach (var workload in workloads)
        {
            cpus += workload.Resources.Cpus;
            memory += workload.Resources.MemoryBytes;
        }
        // 1e-9 absorbs binary rounding (0.1 + 0.2 cores is 300m, not 301m).
        return new((long)Math.Ceiling(cpus * 1000 - 1e-9), memory);
    }
}

/// <summary>One deployment to place, as the planner needs it.</summary>
public sealed record PlacementRequest
{
    public required string Deployment { get; init; }
    public ValueMap Selector { get; init; } = ValueMap.Empty;
    public PlacementSpec Placement { get; init; } = PlacementSpec.Everywhere;
    public ResourceRequest Resources { get; init; } = ResourceRequest.None;
    /// <summary>Nodes that run it now: they keep it while still eligible (placement is sticky).</summary>
    public ValueList<string> CurrentNodes { get; init; } = ValueList<string>.Empty;

    public static PlacementRequest For(Deployment deployment, PlacementSpec placement, IEnumerable<string> currentNodes) => new()
    {
        Deployment = deployment.Name,
        Selector = deployment.Spec.Selector,
        Placement = placement,
        Resources = ResourceRequest.Of(deployment.Spec.Workloads),
        CurrentNodes = new ValueList<string>(currentNodes),
    };
}
