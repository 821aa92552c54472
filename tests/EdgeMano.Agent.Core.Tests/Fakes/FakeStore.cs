using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;

namespace EdgeMano.Agent.Core.Tests.Fakes;

/// <summary>
/// The agent store in memory, with the port's rules: only a newer revision replaces the desired
/// state; the outbox is bounded and counts what it drops. <see cref="History"/> keeps every event
/// ever appended so a test can read them after the outbox dropped some.
/// </summary>
internal sealed class FakeStore(int eventCapacity = 1000) : IAgentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkloadRecord> _records = new(StringComparer.Ordinal);
    private readonly Queue<AgentEvent> _outbox = new();
    private readonly List<AgentEvent> _history = [];
    private DesiredState? _desired;
    private long _sequence;
    private long _dropped;
    private int _activity;

    public int Activity => Volatile.Read(ref _activity);

    /// <summary>How many records were written (upserted) in total.</summary>
    public int RecordWrites { get; private set; }

    public IReadOnlyList<AgentEvent> History { get { lock (_gate) return _history.ToList(); } }

    public long DroppedEvents { get { lock (_gate) return _dropped; } }

    public DesiredState? LoadDesired()
    {
        lock (_gate) { Touch(); return _desired; }
    }

    public SaveDesiredResult SaveDesired(DesiredState state)
    {
        lock (_gate)
        {
            Touch();
            if (_desired is not null && state.Revision <= _desired.Revision) return new SaveDesiredResult(false, _desired.Revision);
            _desired = state;
            return new SaveDesiredResult(true, state.Revision);
        }
    }

    public IReadOnlyDictionary<string, WorkloadRecord> LoadRecords()
    {
        lock (_gate) { Touch(); return new Dictionary<string, WorkloadRecord>(_records, StringComparer.Ordinal); }
    }

    /// <summary>Test shortcut: one record as stored, or null.</summary>
    public WorkloadRecord? Record(string name)
    {
        lock (_gate) return _records.GetValueOrDefault(name);
    }

    public void SaveRecords(IEnumerable<WorkloadRecord> upserts, IEnumerable<string> deletes)
    {
        lock (_gate)
        {
            Touch();
            foreach (var r in upserts) { _records[r.Name] = r; RecordWrites++; }
            foreach (var name in deletes) _records.Remove(name);
        }
    }

    public void AppendEvents(IEnumerable<AgentEvent> events)
    {
        lock (_gate)
        {
            Touch();
            foreach (var e in events)
            {
                var stored = e with { Sequence = ++_sequence };
                _history.Add(stored);
                _outbox.Enqueue(stored);
                while (_outbox.Count > eventCapacity) { _outbox.Dequeue(); _dropped++; }
            }
        }
    }

    public IReadOnlyList<AgentEvent> PeekEvents(int max)
    {
        lock (_gate) return _outbox.Take(max).ToList();
    }

    public void AckEvents(long sequence)
    {
        lock (_gate)
            while (_outbox.TryPeek(out var e) && e.Sequence <= sequence) _outbox.Dequeue();
    }

    private void Touch() => Interlocked.Increment(ref _activity);
}
