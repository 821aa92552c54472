namespace EdgeMano.Agent.Core.Model;

public enum WorkloadPhase { Pending, Running, BackingOff, Exited, Failed }

public enum HealthState { None, Unknown, Healthy, Unhealthy }

/// <summary>
/// What the agent remembers about one workload between reconciles and across restarts:
/// restart history, backoff, last exit and error. Persisted in the store.
/// </summary>
public sealed record WorkloadRecord
{
    public required string Name { get; init; }
    public WorkloadPhase Phase { get; init; } = WorkloadPhase.Pending;
    public HealthState Health { get; init; } = HealthState.None;
    /// <summary>Restarts by policy since the workload was created with this spec.</summary>
    public int Restarts { get; init; }
    /// <summary>Failures in the current streak; drives the backoff and the retry limit.</summary>
    public int ConsecutiveFailures { get; init; }
    public int? LastExitCode { get; init; }
    public string LastError { get; init; } = "";
    public string RuntimeId { get; init; } = "";
    public string SpecHash { get; init; } = "";
    /// <summary>When the phase last changed.</summary>
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset? LastStartedAt { get; init; }
    /// <summary>Finish time of the last exit already acted on, so one exit is counted once.</summary>
    public DateTimeOffset? HandledExitAt { get; init; }
    /// <summary>Earliest time of the next restart or create attempt while backing off.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>An event for operators and the plane ("Started", "Exited", "Failed", ...).</summary>
public sealed record AgentEvent
{
    public long Sequence { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Workload { get; init; }
    public required string Reason { get; init; }
    public required string Message { get; init; }
    public string Severity { get; init; } = "info";
}
