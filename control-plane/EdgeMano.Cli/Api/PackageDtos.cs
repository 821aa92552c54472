using System.Text.Json;

namespace EdgeMano.Cli.Api;

// Wire shapes of the plane's package answers (docs/api.md, "Packages"), read only to draw tables,
// with the same leniency as PlaneDtos: every field optional, unknown fields ignored.

internal sealed record PackageDto
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string Version { get; init => field = value ?? ""; } = "";
    public string? Provider { get; init; }
    public string? Format { get; init; }
    public string? Container { get; init; }
    public string? DescriptorId { get; init; }
    public string? Digest { get; init; }
    public DateTimeOffset? OnboardedAt { get; init; }
    public long SizeBytes { get; init; }
    public IReadOnlyList<string> UsedBy { get; init => field = value ?? []; } = [];
    public IReadOnlyList<VduDto> Vdus { get; init => field = value ?? []; } = [];
    public IReadOnlyList<JsonElement> VirtualLinks { get; init => field = value ?? []; } = [];
    public IReadOnlyList<ProblemErrorDto> Notes { get; init => field = value ?? []; } = [];
}

/// <summary>
/// A VDU. Workloads and connection points are names today; kept as JSON elements so that a plane
/// which sends them as objects ({"name": ...}) still prints.
/// </summary>
internal sealed record VduDto
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string? Source { get; init; }
    public IReadOnlyList<JsonElement> Workloads { get; init => field = value ?? []; } = [];
    public IReadOnlyList<JsonElement> ConnectionPoints { get; init => field = value ?? []; } = [];
}

/// <summary>What a deployment's <c>package</c> resolved to.</summary>
internal sealed record PackageRefDto
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string Version { get; init => field = value ?? ""; } = "";
    public string? Digest { get; init; }
}
