using System.Text.Json;

namespace EdgeMano.Cli.Api;

// Wire shapes of the plane's REST answers (docs/api.md), read only to draw tables: every field is
// optional with a harmless default, so an older or newer plane still prints (json/yaml output
// never goes through these; it prints the plane's own answer). The source generator builds these
// records through their init accessors and passes null for an absent field, which is why the
// non-nullable ones coalesce in `init` rather than rely on the initializer alone.

internal sealed record ItemList<T>
{
    public IReadOnlyList<T> Items { get; init => field = value ?? []; } = [];
}

internal sealed record NodeDto
{
    public string Id { get; init => field = value ?? ""; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? Arch { get; init; }
    public string? Runtime { get; init; }
    public CapacityDto? Capacity { get; init; }
    public string? AgentVersion { get; init; }
    public string? Presence { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public long DesiredRevision { get; init; }
    public long ObservedRevision { get; init; }
    public bool InSync { get; init; }
    public long EventsDropped { get; init; }
    public IReadOnlyList<WorkloadStatusDto> Workloads { get; init => field = value ?? []; } = [];
}

internal sealed record CapacityDto
{
    public long CpuMillis { get; init; }
    public long MemoryBytes { get; init; }
}

internal sealed record WorkloadStatusDto
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string? Phase { get; init; }
    public string? Health { get; init; }
    public int Restarts { get; init; }
    public int? LastExitCode { get; init; }
    public string? LastError { get; init; }
    public string? SpecHash { get; init; }
    public DateTimeOffset? Since { get; init; }
}

internal sealed record EventDto
{
    public long Sequence { get; init; }
    public DateTimeOffset? At { get; init; }
    public string? Workload { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public string? Severity { get; init; }
}

internal sealed record DeploymentDto
{
    public string Name { get; init => field = value ?? ""; } = "";
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
    public IReadOnlyList<JsonElement> Workloads { get; init => field = value ?? []; } = [];
    /// <summary>A package deployment's workloads by name (the plane sends these instead of <see cref="Workloads"/>).</summary>
    public IReadOnlyList<string> WorkloadNames { get; init => field = value ?? []; } = [];
    public long Generation { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<string> Nodes { get; init => field = value ?? []; } = [];
    public IReadOnlyList<UnplacedDto> Unplaced { get; init => field = value ?? []; } = [];
    /// <summary>The onboarded package the workloads come from (docs/api.md, "A deployment of an onboarded package").</summary>
    public PackageRefDto? Package { get; init; }
    /// <summary>The deployment's rollout block; absent when changes reach every node at once.</summary>
    public RolloutSpecDto? Rollout { get; init; }
    /// <summary>Where its latest rollout stands; absent when it never had one.</summary>
    public RolloutSummaryDto? RolloutStatus { get; init; }
}

internal sealed record UnplacedDto
{
    public string Node { get; init => field = value ?? ""; } = "";
    public string? Reason { get; init; }
}

/// <summary>RFC 9457 problem details as the plane sends them (docs/api.md, "Errors").</summary>
internal sealed record ProblemDto
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public IReadOnlyList<ProblemErrorDto>? Errors { get; init; }
    /// <summary>The deployments that use a package (a 409 on delete may carry them).</summary>
    public IReadOnlyList<string>? UsedBy { get; init; }
}

/// <summary>
/// One validation error; line/column are 1-based positions in the request body (or, for a package,
/// in <see cref="File"/> inside it), 0 = unknown. A package's notes have the same shape.
/// </summary>
internal sealed record ProblemErrorDto
{
    /// <summary>The file inside a package the error is in; absent for other bodies.</summary>
    public string? File { get; init; }
    public string? Path { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }
    public string? Message { get; init; }
}
