using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Fleet;

public enum Presence { Unknown, Online, Offline }

/// <summary>One workload as the node last reported it.</summary>
public sealed record ReportedWorkload
{
    public required string Name { get; init; }
    public string Phase { get; init; } = "";
    public string Health { get; init; } = "";
    public int Restarts { get; init; }
    public int? LastExitCode { get; init; }
    public string LastError { get; init; } = "";
    public string SpecHash { get; init; } = "";
    public DateTimeOffset? Since { get; init; }
}

/// <summary>What a node says about itself in each status.</summary>
public sealed record NodeIdentity
{
    public ValueMap Labels { get; init; } = ValueMap.Empty;
    public string Arch { get; init; } = "";
    public string Runtime { get; init; } = "";
    public long CpuMillis { get; init; }
    public long MemoryBytes { get; init; }
    public string AgentVersion { get; init; } = "";
}

/// <summary>A status report from a node, already decoded and checked by the messaging layer.</summary>
public sealed record NodeReport
{
    public required string NodeId { get; init; }
    public required NodeIdentity Identity { get; init; }
    public long ObservedRevision { get; init; }
    public ValueList<ReportedWorkload> Workloads { get; init; } = ValueList<ReportedWorkload>.Empty;
    /// <summary>When the node made this report (its clock); null when it did not say.</summary>
    public DateTimeOffset? ReportedAt { get; init; }
    public long EventsDropped { get; init; }
}

/// <summary>The fleet registry's entry for one node.</summary>
public sealed record NodeRecord
{
    public required string Id { get; init; }
    public NodeIdentity Identity { get; init; } = new();
    public Presence Presence { get; init; } = Presence.Unknown;
    public DateTimeOffset LastSeen { get; init; }
    /// <summary>Latest revision the plane issued to this node (0 = none yet).</summary>
    public long DesiredRevision { get; init; }
    /// <summary>Latest revision the node reported as persisted.</summary>
    public long ObservedRevision { get; init; }
    public ValueList<ReportedWorkload> Workloads { get; init; } = ValueList<ReportedWorkload>.Empty;
    /// <summary>
    /// The node's time of the report applied last. Reports can arrive out of order (several
    /// broker connections share the subscription); an older one is not applied. Not stored:
    /// after a restart the first report is taken.
    /// </summary>
    public DateTimeOffset? LastReportedAt { get; init; }
    public long EventsDropped { get; init; }

    public bool InSync => ObservedRevision >= DesiredRevision;
}

/// <summary>An event a node reported, kept by the plane (bounded per node).</summary>
public sealed record NodeEvent
{
    public required string NodeId { get; init; }
    public long Sequence { get; init; }
    public DateTimeOffset At { get; init; }
    public string Workload { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
    public string Severity { get; init; } = "info";
}
