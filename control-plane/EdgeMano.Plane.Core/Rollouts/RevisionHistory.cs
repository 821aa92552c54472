using EdgeMano.Agent.Core.Model;

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
    public RevisionHistory Record(Rollout rollout)
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
        };
        var entries = Entries.ToList();
        var at = entries.FindIndex(e => e.RolloutId == rollout.Id);
        if (at >= 0) entries[at] = entry;
        else entries.Add(entry);
        if (entries.Count > Limit) entries.RemoveRange(0, entries.Count - Limit);
        return this with { Entries = new ValueList<RevisionEntry>(entries) };
    }

    /// <summary>The newest revision that rolled out completely, other than <paramref name="except"/>; null when none did.</summary>
    public RevisionEntry? LastSucceeded(long? except = null) =>
        Entries.LastOrDefault(e => e.Result == RolloutState.Succeeded && e.Generation != except);
}
