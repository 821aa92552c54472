namespace EdgeMano.Agent.Core.Model;

public enum WorkloadKind { Container, Process }

public enum RestartMode { Always, OnFailure, Never }

public enum ProbeKind { Http, Tcp, Exec }

public sealed record PortMapping
{
    public required int ContainerPort { get; init; }
    /// <summary>Port on the node; 0 means the same as <see cref="ContainerPort"/>.</summary>
    public int HostPort { get; init; }
    public string Protocol { get; init; } = "tcp";
    public string HostIp { get; init; } = "";
    public int EffectiveHostPort => HostPort == 0 ? ContainerPort : HostPort;
}

public sealed record MountSpec
{
    public required string Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
}

public sealed record ResourceLimits
{
    public static readonly ResourceLimits None = new();
    /// <summary>CPU cores; 0 = unlimited.</summary>
    public double Cpus { get; init; }
    /// <summary>Bytes; 0 = unlimited.</summary>
    public long MemoryBytes { get; init; }
}

public sealed record RestartSpec
{
    public static readonly RestartSpec Default = new();
    public RestartMode Mode { get; init; } = RestartMode.Always;
    /// <summary>Restarts allowed before the workload goes Failed; 0 = no limit.</summary>
    public int MaxRetries { get; init; }
    public TimeSpan BackoffUnit { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(300);
    /// <summary>Running (and healthy) this long resets the restart count.</summary>
    public TimeSpan HealthyReset { get; init; } = TimeSpan.FromSeconds(60);
}

public sealed record HealthProbeSpec
{
    public required ProbeKind Kind { get; init; }
    public string Path { get; init; } = "/";
    /// <summary>Container (or process) port to probe; resolved to the published port on the node.</summary>
    public int Port { get; init; }
    public ValueList<string> Command { get; init; } = ValueList<string>.Empty;
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
    public int FailureThreshold { get; init; } = 3;
    public TimeSpan InitialDelay { get; init; } = TimeSpan.Zero;
}

/// <summary>
/// A container's place on one named network (a virtual link of a network service): the workload
/// joins it and the other members find it by <see cref="Aliases"/> through the runtime's DNS.
/// </summary>
public sealed record NetworkAttachment
{
    public required string Name { get; init; }
    /// <summary>DNS names the workload answers to on this network, e.g. <c>{cnf}.{ns}</c>.</summary>
    public ValueList<string> Aliases { get; init; } = ValueList<string>.Empty;
}

/// <summary>One CNF instance on one node, as the desired state describes it.</summary>
public sealed record WorkloadSpec
{
    public required string Name { get; init; }
    public required WorkloadKind Kind { get; init; }
    public string Image { get; init; } = "";
    public ValueList<string> Command { get; init; } = ValueList<string>.Empty;
    public ValueList<string> Args { get; init; } = ValueList<string>.Empty;
    public ValueMap Env { get; init; } = ValueMap.Empty;
    public ValueList<PortMapping> Ports { get; init; } = ValueList<PortMapping>.Empty;
    public ValueList<MountSpec> Mounts { get; init; } = ValueList<MountSpec>.Empty;
    public ResourceLimits Resources { get; init; } = ResourceLimits.None;
    public RestartSpec Restart { get; init; } = RestartSpec.Default;
    public HealthProbeSpec? Health { get; init; }
    public ValueMap Labels { get; init; } = ValueMap.Empty;
    public string WorkingDir { get; init; } = "";
    public string Network { get; init; } = "";
    /// <summary>Container: the networks it joins (instead of <see cref="Network"/>), the first one at create.</summary>
    public ValueList<NetworkAttachment> Networks { get; init; } = ValueList<NetworkAttachment>.Empty;
    /// <summary>Container: extra /etc/hosts entries, name to IP address (fixed endpoints such as PNFs).</summary>
    public ValueMap Hosts { get; init; } = ValueMap.Empty;
}

/// <summary>Everything one node must run, at one revision.</summary>
public sealed record DesiredState
{
    public static DesiredState Empty(string nodeId) => new() { NodeId = nodeId, Revision = 0 };

    public required string NodeId { get; init; }
    public required long Revision { get; init; }
    public ValueList<WorkloadSpec> Workloads { get; init; } = ValueList<WorkloadSpec>.Empty;
    public DateTimeOffset IssuedAt { get; init; }
    public string Source { get; init; } = "local";
}
