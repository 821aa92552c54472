using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Ports;

/// <summary>
/// The agent's local memory: desired state, workload records and the outbox. The reconciler
/// reads only this, never the plane. Implementations must be crash-safe: a write that returned
/// survives a kill -9.
/// </summary>
public interface IAgentStore
{
    /// <summary>The desired state in force, or null when none was ever accepted.</summary>
    DesiredState? LoadDesired();

    /// <summary>
    /// Replaces the desired state only when <paramref name="state"/> has a higher revision than the
    /// one held. Returns the outcome; on success the write is durable when this returns.
    /// </summary>
    SaveDesiredResult SaveDesired(DesiredState state);

    IReadOnlyDictionary<string, WorkloadRecord> LoadRecords();

    /// <summary>Upserts and deletes records in one transaction.</summary>
    void SaveRecords(IEnumerable<WorkloadRecord> upserts, IEnumerable<string> deletes);

    /// <summary>Appends events to the outbox (bounded: the oldest are dropped and counted).</summary>
    void AppendEvents(IEnumerable<AgentEvent> events);

    /// <summary>Oldest undelivered events, up to <paramref name="max"/>.</summary>
    IReadOnlyList<AgentEvent> PeekEvents(int max);

    /// <summary>Marks every event up to and including <paramref name="sequence"/> as delivered.</summary>
    void AckEvents(long sequence);

    /// <summary>How many events the outbox has dropped since they were last reported.</summary>
    long DroppedEvents { get; }
}

public sealed record SaveDesiredResult(bool Accepted, long CurrentRevision);
