using EdgeMano.Plane.Core.Deployments;

namespace EdgeMano.Plane.Core.Rollouts;

/// <summary>
/// What the plane keeps about one deployment's rollouts (one stored document per deployment): the
/// latest rollout, running or finished, the spec the nodes not yet moved keep while it runs, and
/// the revision history.
/// </summary>
public sealed record RolloutRecord
{
    public required string Deployment { get; init; }
    public Rollout? Latest { get; init; }
    /// <summary>
    /// The spec of <see cref="Rollout.From"/> while <see cref="Latest"/> runs: nodes not on the new
    /// revision are composed from its workloads, and a rollback makes it the deployment's spec again.
    /// </summary>
    public DeploymentSpec? FromSpec { get; init; }
    public required RevisionHistory History { get; init; }

    public bool IsActive => Latest is { IsFinished: false };

    public static RolloutRecord Empty(string deployment) => new() { Deployment = deployment, History = new RevisionHistory { Deployment = deployment } };
}
