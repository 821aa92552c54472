using System.Text.Json;

namespace EdgeMano.Cli.Api;

// Wire shapes of the plane's REST answers (docs/api.md), read only to draw tables: every field is
// optional with a harmless default, so an older or newer plane still prints (json/yaml output
// never goes through these; it prints the plane's own answer).

internal sealed record ItemList<T>
{
    public IReadOnlyList<T> Items { get; init; } = [];
}

internal sealed record NodeDto
{
    public string Id { get; init; } = "";
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
    public IReadOnlyList<WorkloadStatusDto> Workloads { get; init; } = [];
}

internal sealed record CapacityDto
{
    public long CpuMillis { get; init; }
    public long MemoryBytes { get; init; }
}

internal sealed record WorkloadStatusDto
{
    public string Name { get; init; } = "";
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
    public string Name { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
    public IReadOnlyList<JsonElement> Workloads { get; init; } = [];
    public long Generation { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<string> Nodes { get; init; } = [];
    public IReadOnlyList<UnplacedDto> Unplaced { get; init; } = [];
}

internal sealed record UnplacedDto
{
    public string Node { get; init; } = "";
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
}

/// <summary>One validation error; line/column are 1-based positions in the request body, 0 = unknown.</summary>
internal sealed record ProblemErrorDto
{
    public string? Path { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }
    public string? Message { get; init; }
}
