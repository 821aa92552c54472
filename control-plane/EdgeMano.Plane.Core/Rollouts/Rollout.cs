using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Rollouts;

public enum RolloutState { Pending, InProgress, Paused, Succeeded, RollingBack, RolledBack, Failed }

/// <summary>Where one node is in its trial of the new revision.</summary>
public enum NodeStepState
{
    /// <summary>Still on the old revision: its wave has not reached it.</summary>
    Waiting,
    /// <summary>Told the new revision; not (or no longer) reporting it running and healthy.</summary>
    Updating,
    /// <summary>Running and healthy on the new revision; the soak clock runs.</summary>
    Soaking,
    Passed,
    Failed,
}

/// <summary>Whether a node told the new revision has been sent back to the old one.</summary>
public enum RevertState { None, Reverting, Reverted }

/// <summary>One workload of a revision as the node will report it (the hash of the workload as delivered).</summary>
public sealed record RevisionWorkload(string Name, string SpecHash);

/// <summary>One revision of a deployment: what "old" and "new" mean to the rollout.</summary>
public sealed record RolloutRevision
{
    public required long Generation { get; init; }
    /// <summary>"name@version" of the package the workloads came from; "" for inline workloads.</summary>
    public string Package { get; init; } = "";
    public ValueList<RevisionWorkload> Workloads { get; init; } = ValueList<RevisionWorkload>.Empty;

    /// <param name="asDelivered">
    /// The workloads exactly as a node receives them (after NodeComposer labels them), since the
    /// node reports the hash of what it runs.
    /// </param>
    public static RolloutRevision Of(long generation, string package, IEnumerable<WorkloadSpec> asDelivered) => new()
    {
        Generation = generation,
        Package = package,
        Workloads = new ValueList<RevisionWorkload>(asDelivered.Select(w => new RevisionWorkload(w.Name, SpecHash.Compute(w)))),
    };
}

/// <summary>One node of a wave and its outcome.</summary>
public sealed record NodeStep
{
    public required string Node { get; init; }
    public NodeStepState State { get; init; } = NodeStepState.Waiting;
    public RevertState Revert { get; init; } = RevertState.None;
    /// <summary>When the node was told the new revision.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>Start of the current stretch of not-yet-healthy; the health timeout counts from here.</summary>
    public DateTimeOffset? WaitingSince { get; init; }
    /// <summary>Start of the current stretch of healthy on the new revision; the soak counts from here.</summary>
    public DateTimeOffset? HealthySince { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Restarts of each new workload (in the revision's order) when last seen; more later means a crash loop.</summary>
    public ValueList<int>? RestartBaseline { get; init; }
    /// <summary>Why it failed or what it waits for (operator text).</summary>
    public string Reason { get; init; } = "";

    /// <summary>Whether the node should run the new revision now.</summary>
    public bool OnTarget => State != NodeStepState.Waiting && Revert == RevertState.None;

    public bool Done => State is NodeStepState.Passed or NodeStepState.Failed;
}

public sealed record RolloutWave
{
    /// <summary>1-based, as operators count.</summary>
    public required int Number { get; init; }
    public ValueList<NodeStep> Nodes { get; init; } = ValueList<NodeStep>.Empty;
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>Something that happened to a rollout, for the operator's timeline.</summary>
public sealed record RolloutEvent(DateTimeOffset At, string Message);

/// <summary>
/// A deployment moving from one revision to the next: plain data, so the store keeps it as is and
/// a plane restart resumes it where it stood. Changed only by <see cref="RolloutMachine"/>.
/// </summary>
public sealed record Rollout
{
    public required string Id { get; init; }
    public required string Deployment { get; init; }
    public required RolloutRevision From { get; init; }
    public required RolloutRevision To { get; init; }
    public RolloutSpec Spec { get; init; } = RolloutSpec.Default;
    public RolloutState State { get; init; } = RolloutState.Pending;
    public ValueList<RolloutWave> Waves { get; init; } = ValueList<RolloutWave>.Empty;
    /// <summary>Index into <see cref="Waves"/> of the wave in progress (or next to start).</summary>
    public int CurrentWave { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? RollbackStartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why it is in its state (operator text): the failures behind a rollback, what a pause was for, ...</summary>
    public string Reason { get; init; } = "";
    public ValueList<RolloutEvent> History { get; init; } = ValueList<RolloutEvent>.Empty;

    public bool IsFinished => State is RolloutState.Succeeded or RolloutState.RolledBack or RolloutState.Failed;

    /// <summary>Nodes that should run <see cref="To"/> now; every other node of the rollout runs <see cref="From"/>.</summary>
    public IReadOnlySet<string> TargetNodes() =>
        Waves.SelectMany(w => w.Nodes).Where(n => n.OnTarget).Select(n => n.Node).ToHashSet(StringComparer.Ordinal);

    /// <summary>The generation the node should run: what the composer needs per node.</summary>
    public long GenerationFor(string node) =>
        Waves.SelectMany(w => w.Nodes).Any(n => n.Node == node && n.OnTarget) ? To.Generation : From.Generation;
}

/// <summary>What the plane must change on nodes after a transition.</summary>
public sealed record RolloutDecision(ValueList<string> ToTarget, ValueList<string> ToSource)
{
    public static readonly RolloutDecision None = new(ValueList<string>.Empty, ValueList<string>.Empty);

    public bool IsNone => ToTarget.Count == 0 && ToSource.Count == 0;
}

/// <summary>A transition's result; on <see cref="Error"/> the rollout is returned unchanged.</summary>
public sealed record RolloutStep(Rollout Rollout, RolloutDecision Decision, string? Error = null);
