using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;

namespace EdgeMano.Plane.Core.Rollouts;

/// <summary>One revision a deployment was rolled out to, and how that went.</summary>
public sealed record RevisionEntry
{
    public required long Generation { get; init; }
    /// <summary>"name@version", "" for inline workloads.</summary>
    public string Package { get; init; } = "";
    public long FromGeneration { get; init; }
    public required string RolloutId { get; init; }
    /// <summary>The rollout's state: InProgress (or Paused, RollingBack) while it runs, then its end.</summary>
    public RolloutState Result { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string Reason { get; init; } = "";
    /// <summary>The deployment spec of this generation: what a manual rollback to it applies again.</summary>
    public DeploymentSpec? Spec { get; init; }
}

/// <summary>
/// A deployment's revisions, newest last, bounded: what an operator reads to see which version
/// ran when, and where a manual "go back" finds the last revision that succeeded.
/// </summary>
public sealed record RevisionHistory
{
    /// <summary>Entries kept per deployment; older ones fall off (the store need not grow with every apply).</summary>
    public const int Limit = 50;

    public required string Deployment { get; init; }
    public ValueList<RevisionEntry> Entries { get; init; } = ValueList<RevisionEntry>.Empty;

    /// <summary>Adds the rollout's revision, or updates its entry (same rollout id) as the rollout moves on.</summary>
    /// <param name="spec">The new generation's spec; null keeps the one the entry has.</param>
    public RevisionHistory Record(Rollout rollout, DeploymentSpec? spec = null)
    {
        var entry = new RevisionEntry
        {
            Generation = rollout.To.Generation,
            Package = rollout.To.Package,
            FromGeneration = rollout.From.Generation,
            RolloutId = rollout.Id,
            Result = rollout.State,
            StartedAt = rollout.CreatedAt,
            FinishedAt = rollout.FinishedAt,
            Reason = rollout.Reason,
            Spec = spec,
        };
        var entries = Entries.ToList();
        var at = entries.FindIndex(e => e.RolloutId == rollout.Id);
        if (at >= 0) entries[at] = entry with { Spec = spec ?? entries[at].Spec };
        else entries.Add(entry);
        return Keep(entries);
    }

    /// <summary>A generation that reached every node at once (created, changed without a rollout block, or a rollback's return).</summary>
    public RevisionHistory RecordApplied(Deployment deployment, long fromGeneration, string reason)
    {
        var entries = Entries.ToList();
        entries.Add(new RevisionEntry
        {
            Generation = deployment.Generation,
            Package = deployment.Spec.Package?.ToString() ?? "",
            FromGeneration = fromGeneration,
            RolloutId = "",
            Result = RolloutState.Succeeded,
            StartedAt = deployment.UpdatedAt,
            FinishedAt = deployment.UpdatedAt,
            Reason = reason,
            Spec = deployment.Spec,
        });
        return Keep(entries);
    }

    private RevisionHistory Keep(List<RevisionEntry> entries)
    {
        if (entries.Count > Limit) entries.RemoveRange(0, entries.Count - Limit);
        return this with { Entries = new ValueList<RevisionEntry>(entries) };
    }

    /// <summary>The entry of <paramref name="generation"/> that still has its spec, newest first.</summary>
    public RevisionEntry? Find(long generation) => Entries.LastOrDefault(e => e.Generation == generation && e.Spec is not null);

    /// <summary>The newest revision that rolled out completely, other than <paramref name="except"/>; null when none did.</summary>
    public RevisionEntry? LastSucceeded(long? except = null) =>
        Entries.LastOrDefault(e => e.Result == RolloutState.Succeeded && e.Generation != except);
}
