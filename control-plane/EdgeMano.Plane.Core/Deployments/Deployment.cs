using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Rollouts;
using EdgeMano.Plane.Core.Scheduling;

namespace EdgeMano.Plane.Core.Deployments;

/// <summary>What an operator asks for: these workloads on the nodes whose labels match, as far as <see cref="Placement"/> allows.</summary>
public sealed record DeploymentSpec
{
    public required string Name { get; init; }
    public ValueMap Selector { get; init; } = ValueMap.Empty;
    public ValueList<WorkloadSpec> Workloads { get; init; } = ValueList<WorkloadSpec>.Empty;
    /// <summary>The onboarded package whose workloads these are; null for inline workloads.</summary>
    public PackageRef? Package { get; init; }
    /// <summary>The digest of <see cref="Package"/> when the workloads were taken from it.</summary>
    public string PackageDigest { get; init; } = "";
    /// <summary>Constraints and copy count beyond the selector; <see cref="PlacementSpec.Everywhere"/> = every matching node.</summary>
    public PlacementSpec Placement { get; init; } = PlacementSpec.Everywhere;
    /// <summary>
    /// How a change of workloads reaches the nodes: in waves gated on health (docs/rollouts.md);
    /// null = every node at once.
    /// </summary>
    public RolloutSpec? Rollout { get; init; }
}

/// <summary>A stored deployment: the spec plus what the plane keeps about it.</summary>
public sealed record Deployment
{
    public required DeploymentSpec Spec { get; init; }
    /// <summary>+1 on every change of spec; applying the same spec again keeps it.</summary>
    public long Generation { get; init; } = 1;
    /// <summary>Creation order; the older deployment wins a workload-name clash on a node.</summary>
    public long Sequence { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public string Name => Spec.Name;
}

public enum ApplyOutcome { Created, Updated, Unchanged, Conflict }

/// <summary>An apply's answer; on <see cref="ApplyOutcome.Conflict"/> nothing changed and <see cref="Message"/> says why.</summary>
public sealed record ApplyResult(ApplyOutcome Outcome, Deployment Deployment, string Message = "")
{
    public void Deconstruct(out ApplyOutcome outcome, out Deployment deployment)
    {
        outcome = Outcome;
        deployment = Deployment;
    }
}
