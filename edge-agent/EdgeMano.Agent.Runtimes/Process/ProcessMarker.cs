using System.Text.Json.Serialization;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>
/// What proves a process belongs to this node's agent, persisted per workload so a restarted agent
/// adopts it: the PID plus its kernel start time (so a reused PID is never mistaken for ours) and
/// everything needed to start it again.
/// </summary>
internal sealed record ProcessMarker
{
    public int Version { get; init; } = 1;
    public required string Name { get; init; }
    public required string Node { get; init; }
    public required string SpecHash { get; init; }
    public required int Pid { get; init; }
    /// <summary>Field 22 of /proc/PID/stat; 0 when the process was gone before it could be read.</summary>
    public required ulong StartTicks { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>When the exit was first seen; set once, so it stays stable across List calls.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Known only when this agent reaped the child; null when it died while adopted.</summary>
    public int? ExitCode { get; init; }
    /// <summary>Resolved executable first, then its arguments.</summary>
    public required string[] Argv { get; init; }
    /// <summary>The workload's own environment (spec env), without the agent's base variables or markers.</summary>
    public required Dictionary<string, string> Env { get; init; }
    public required string WorkingDir { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProcessMarker))]
internal sealed partial class ProcessMarkerJsonContext : JsonSerializerContext;
