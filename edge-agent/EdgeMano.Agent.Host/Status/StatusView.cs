using System.Text.Json.Serialization;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Host.Status;

/// <summary>What `edgemano-agent status` shows, whether it came from the daemon or the store.</summary>
public sealed record StatusView
{
    public required string NodeId { get; init; }
    public bool AgentRunning { get; init; }
    public long DesiredRevision { get; init; }
    public long ObservedRevision { get; init; }
    public DateTimeOffset? LastReconcileAt { get; init; }
    /// <summary>Events in the outbox not yet delivered to the plane.</summary>
    public int EventsPending { get; init; }
    /// <summary>The link to the plane, when one is configured and the daemon answered.</summary>
    public LinkView? Link { get; init; }
    public List<WorkloadStatusView> Workloads { get; init; } = [];
}

/// <summary>The daemon's link to the plane as `status` shows it.</summary>
public sealed record LinkView
{
    public required string Kind { get; init; }
    public required string Endpoint { get; init; }
    public bool Connected { get; init; }
    public DateTimeOffset? Since { get; init; }
    public string? LastError { get; init; }

    public static LinkView? From(EdgeMano.Agent.Uplink.LinkStatus? status) => status is null ? null : new LinkView
    {
        Kind = status.Kind,
        Endpoint = status.Endpoint,
        Connected = status.Connected,
        Since = status.Since,
        LastError = status.LastError,
    };
}

public sealed record WorkloadStatusView
{
    public required string Name { get; init; }
    public string Kind { get; init; } = "";
    public required string Phase { get; init; }
    public required string Health { get; init; }
    public int Restarts { get; init; }
    public int? LastExitCode { get; init; }
    public string LastError { get; init; } = "";
    public string RuntimeId { get; init; } = "";
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset? NextRestartAt { get; init; }

    public static WorkloadStatusView From(WorkloadRecord r, string kind) => new()
    {
        Name = r.Name,
        Kind = kind,
        Phase = r.Phase.ToString(),
        Health = r.Health.ToString(),
        Restarts = r.Restarts,
        LastExitCode = r.LastExitCode,
        LastError = r.LastError,
        RuntimeId = r.RuntimeId,
        Since = r.Since,
        NextRestartAt = r.NextAttemptAt,
    };
}

/// <summary>Control-socket messages: one JSON line each way.</summary>
internal sealed record ControlRequest
{
    public required string Op { get; init; }
    /// <summary>For "apply": the desired state as protobuf bytes (revision 0 = next).</summary>
    public byte[]? Desired { get; init; }
}

internal sealed record ControlResponse
{
    public bool Ok { get; init; }
    public string? Error { get; init; }
    public long Revision { get; init; }
    public StatusView? Status { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(StatusView))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
