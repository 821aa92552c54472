namespace EdgeMano.Agent.Core.Runtime;

public enum InstanceState { Created, Running, Exited, Unknown }

/// <summary>One instance a runtime reports: what actually exists on the node.</summary>
public sealed record ObservedWorkload
{
    public required string Name { get; init; }
    /// <summary>Container id, or PID for a process.</summary>
    public required string RuntimeId { get; init; }
    public required string Runtime { get; init; }
    public required string SpecHash { get; init; }
    public required InstanceState State { get; init; }
    public int? ExitCode { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Where probes reach it: published host ports keyed by container port.</summary>
    public IReadOnlyDictionary<int, int> HostPorts { get; init; } = new Dictionary<int, int>();
}

public enum RuntimeEventKind { Exited, Started, Removed }

public sealed record RuntimeEvent(string Name, string RuntimeId, RuntimeEventKind Kind, int? ExitCode = null);
