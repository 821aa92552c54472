using System.Text.Json.Serialization;

namespace EdgeMano.Agent.Runtimes.Docker;

// Docker Engine API v1.41 shapes, reduced to the fields this driver reads or writes.
// Property names match the Engine's JSON exactly (PascalCase, with a few lower-case exceptions).

internal sealed record ContainerSummary
{
    public string Id { get; init; } = "";
    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed record ContainerInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public ContainerState? State { get; init; }
    public ContainerConfigView? Config { get; init; }
    public HostConfigView? HostConfig { get; init; }
}

internal sealed record ContainerState
{
    public string Status { get; init; } = "";
    public int ExitCode { get; init; }
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
}

internal sealed record ContainerConfigView
{
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
}

internal sealed record HostConfigView
{
    public string? NetworkMode { get; init; }
    public Dictionary<string, List<PortBinding>?>? PortBindings { get; init; }
}

internal sealed record PortBinding
{
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}

/// <summary>The Engine encodes sets as maps to empty objects (ExposedPorts).</summary>
internal sealed record EmptyObject;

internal sealed record CreateContainerRequest
{
    public required string Image { get; init; }
    public List<string>? Cmd { get; init; }
    public List<string>? Entrypoint { get; init; }
    public List<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public int? StopTimeout { get; init; }
    public required CreateHostConfig HostConfig { get; init; }
    /// <summary>API 1.41 takes one network at create: the one in HostConfig.NetworkMode.</summary>
    public NetworkingConfig? NetworkingConfig { get; init; }
}

internal sealed record CreateHostConfig
{
    public Dictionary<string, List<PortBinding>>? PortBindings { get; init; }
    public List<MountRequest>? Mounts { get; init; }
    public long? Memory { get; init; }
    public long? NanoCpus { get; init; }
    public required string NetworkMode { get; init; }
    public bool Init { get; init; }
    public required RestartPolicy RestartPolicy { get; init; }
    /// <summary>"name:address" lines for /etc/hosts.</summary>
    public List<string>? ExtraHosts { get; init; }
}

internal sealed record MountRequest
{
    public string Type { get; init; } = "bind";
    public required string Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
}

internal sealed record RestartPolicy
{
    public required string Name { get; init; }
}

internal sealed record IdResponse
{
    public string Id { get; init; } = "";
}

internal sealed record ExecCreateRequest
{
    public required List<string> Cmd { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
}

internal sealed record ExecStartRequest
{
    public bool Detach { get; init; }
}

internal sealed record ExecInspect
{
    public bool Running { get; init; }
    public int? ExitCode { get; init; }
}

internal sealed record EngineError
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary>One line of a progress stream (pull, import); failures arrive here even with HTTP 200.</summary>
internal sealed record ProgressLine
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

internal sealed record EngineEvent
{
    public string? Type { get; init; }
    public string? Action { get; init; }
    public EventActor? Actor { get; init; }
}

internal sealed record EventActor
{
    public string ID { get; init; } = "";
    public Dictionary<string, string>? Attributes { get; init; }
}

internal sealed record NetworkingConfig
{
    public required Dictionary<string, EndpointSettings> EndpointsConfig { get; init; }
}

internal sealed record EndpointSettings
{
    public List<string>? Aliases { get; init; }
}

/// <summary>A network as inspected or listed (the list leaves out its containers).</summary>
internal sealed record NetworkInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed record NetworkCreateRequest
{
    public required string Name { get; init; }
    public required string Driver { get; init; }
    public bool CheckDuplicate { get; init; }
    public bool Internal { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
}

internal sealed record NetworkConnectRequest
{
    public required string Container { get; init; }
    public EndpointSettings? EndpointConfig { get; init; }
}
