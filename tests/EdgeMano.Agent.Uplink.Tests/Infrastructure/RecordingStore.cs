using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Store;

namespace EdgeMano.Agent.Uplink.Tests.Infrastructure;

/// <summary>The real LiteDB store, recording every desired revision it accepted, in order.</summary>
public sealed class RecordingStore(LiteAgentStore inner) : IAgentStore, IDisposable
{
    private readonly List<long> _accepted = [];

    public static RecordingStore Open(string stateDir)
    {
        Directory.CreateDirectory(stateDir);
        return new RecordingStore(LiteAgentStore.Open(stateDir));
    }

    public IReadOnlyList<long> Accepted { get { lock (_accepted) return _accepted.ToList(); } }

    public DesiredState? LoadDesired() => inner.LoadDesired();

    public SaveDesiredResult SaveDesired(DesiredState state)
    {
        var result = inner.SaveDesired(state);
        if (result.Accepted) lock (_accepted) _accepted.Add(state.Revision);
        return result;
    }

    public IReadOnlyDictionary<string, WorkloadRecord> LoadRecords() => inner.LoadRecords();

    public void SaveRecords(IEnumerable<WorkloadRecord> upserts, IEnumerable<string> deletes) => inner.SaveRecords(upserts, deletes);

    public void AppendEvents(IEnumerable<AgentEvent> events) => inner.AppendEvents(events);

    public IReadOnlyList<AgentEvent> PeekEvents(int max) => inner.PeekEvents(max);

    public void AckEvents(long sequence) => inner.AckEvents(sequence);

    public long DroppedEvents => inner.DroppedEvents;

    public void Dispose() => inner.Dispose();
}
