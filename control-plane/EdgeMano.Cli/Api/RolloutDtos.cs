namespace EdgeMano.Cli.Api;

// Wire shapes of the plane's rollout answers (GET /api/v1/deployments/{name}/rollout, .../revisions,
// and the rolloutStatus of a deployment), read only to draw tables, with the same leniency as
// PlaneDtos: every field optional, unknown fields ignored, json/yaml print the plane's own answer.

/// <summary>Where a deployment's latest rollout stands (a deployment's <c>rolloutStatus</c>, and the top of a full rollout).</summary>
internal record RolloutSummaryDto
{
    public string Id { get; init => field = value ?? ""; } = "";
    public string State { get; init => field = value ?? ""; } = "";
    public long FromGeneration { get; init; }
    public long ToGeneration { get; init; }
    /// <summary>The current wave, 1-based.</summary>
    public int Wave { get; init; }
    public int Waves { get; init; }
    public string Reason { get; init => field = value ?? ""; } = "";
}

/// <summary>A deployment's <c>rollout:</c> block as the plane returns it: fields left at their default are absent.</summary>
internal sealed record RolloutSpecDto
{
    public int? BatchSize { get; init; }
    public double? BatchPercent { get; init; }
    public int? MaxUnavailable { get; init; }
    public string? Soak { get; init; }
    public double? FailureThreshold { get; init; }
    public string? HealthTimeout { get; init; }
}

/// <summary>One rollout in full: its summary (the same top-level fields), both revisions, waves with their nodes, and its timeline.</summary>
internal sealed record RolloutDto : RolloutSummaryDto
{
    public string Deployment { get; init => field = value ?? ""; } = "";
    public RolloutRevisionDto? From { get; init; }
    public RolloutRevisionDto? To { get; init; }
    public RolloutSpecDto? Spec { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public IReadOnlyList<RolloutWaveDto> WaveDetails { get; init => field = value ?? []; } = [];
    public IReadOnlyList<RolloutEventDto> History { get; init => field = value ?? []; } = [];

    /// <summary>Succeeded, RolledBack and Failed are ends; every other state still moves.</summary>
    public bool IsFinished => RolloutStates.IsFinished(State);
}

internal sealed record RolloutRevisionDto
{
    public long Generation { get; init; }
    /// <summary>"name@version", empty for inline workloads.</summary>
    public string Package { get; init => field = value ?? ""; } = "";
    public IReadOnlyList<RolloutWorkloadDto> Workloads { get; init => field = value ?? []; } = [];
}

internal sealed record RolloutWorkloadDto
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string? SpecHash { get; init; }
}

internal sealed record RolloutWaveDto
{
    public int Number { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public IReadOnlyList<RolloutNodeDto> Nodes { get; init => field = value ?? []; } = [];
}

/// <summary>One node's step in a wave: Waiting, Updating, Soaking, Passed or Failed; revert None, Reverting or Reverted.</summary>
internal sealed record RolloutNodeDto
{
    public string Node { get; init => field = value ?? ""; } = "";
    public string State { get; init => field = value ?? ""; } = "";
    public string Revert { get; init => field = value ?? ""; } = "";
    public string Reason { get; init => field = value ?? ""; } = "";
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

internal sealed record RolloutEventDto
{
    public DateTimeOffset? At { get; init; }
    public string Message { get; init => field = value ?? ""; } = "";
}

/// <summary>GET .../revisions: the deployment's revisions, oldest first.</summary>
internal sealed record RevisionListDto
{
    public string Deployment { get; init => field = value ?? ""; } = "";
    public IReadOnlyList<RevisionDto> Items { get; init => field = value ?? []; } = [];
}

internal sealed record RevisionDto
{
    public long Generation { get; init; }
    public string Package { get; init => field = value ?? ""; } = "";
    /// <summary>0 for the first generation.</summary>
    public long FromGeneration { get; init; }
    /// <summary>Empty when the generation reached every node at once (no rollout).</summary>
    public string RolloutId { get; init => field = value ?? ""; } = "";
    public string Result { get; init => field = value ?? ""; } = "";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string Reason { get; init => field = value ?? ""; } = "";
    public bool CanRollBackTo { get; init; }
}

/// <summary>The plane's rollout states, as names (the CLI must still print a state it does not know).</summary>
internal static class RolloutStates
{
    public const string Succeeded = "Succeeded";
    public const string RollingBack = "RollingBack";
    public const string RolledBack = "RolledBack";
    public const string Failed = "Failed";

    public static bool IsFinished(string state) => state is Succeeded or RolledBack or Failed;
}
