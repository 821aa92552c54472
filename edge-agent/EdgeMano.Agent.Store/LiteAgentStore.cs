using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Store.Mapping;
using LiteDB;

namespace EdgeMano.Agent.Store;

/// <summary>
/// The agent's local store: one LiteDB file, {stateDir}/agent.db, opened by one process only.
/// Documents are mapped by hand (Mapping/) because LiteDB's reflection mapper fails under native AOT.
/// Every method is serialized by one lock; every write is one transaction, on disk when it returns.
/// The desired state and the records are also kept in memory once read: this process is the file's
/// only writer, so they change only through this object, and the reconciler's resync every 30 s
/// then reads without allocating (reading them from LiteDB each time cost ~90 KB per pass).
/// A cached copy is what reading the file back would give: it is made from the stored form, and
/// set only after the write that changed it is on disk.
/// </summary>
public sealed class LiteAgentStore : IAgentStore, IDisposable
{
    public const int DefaultOutboxCapacity = 1000;

    private readonly LiteFile _file;
    private readonly EventOutbox _outbox;
    private DesiredState? _desired;
    private bool _desiredLoaded;
    private IReadOnlyDictionary<string, WorkloadRecord>? _records;

    private LiteAgentStore(LiteFile file, int outboxCapacity)
    {
        _file = file;
        _outbox = new EventOutbox(file.Engine, outboxCapacity);
    }

    /// <summary>Full path of agent.db.</summary>
    public string FilePath => _file.FilePath;

    /// <summary>
    /// Opens (or creates) {stateDir}/agent.db. Throws <see cref="IOException"/> naming the file and
    /// the cause when the directory cannot be created, the file is damaged or another process holds it.
    /// </summary>
    public static LiteAgentStore Open(string stateDir, int outboxCapacity = DefaultOutboxCapacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDir);
        ArgumentOutOfRangeException.ThrowIfLessThan(outboxCapacity, 1);
        var file = LiteFile.OpenEngine(stateDir, StoreSchema.FileName, "agent store", engine =>
        {
            // The name LiteCollection.EnsureIndex("revision") gives it: the expression's letters.
            engine.EnsureIndex(StoreSchema.Desired, "revision", BsonExpression.Create("revision"), unique: false);
            _ = new EventOutbox(engine, outboxCapacity).Dropped;
        });
        return new LiteAgentStore(file, outboxCapacity);
    }

    public DesiredState? LoadDesired() => _file.Locked(() =>
    {
        if (_desiredLoaded) return _desired;
        _desired = _file.ReadEngine("read the desired state", engine =>
        {
            var document = engine.FindById(StoreSchema.Desired, DesiredStateBson.CurrentId);
            return document is null ? null : DesiredStateProtoMapper.FromProto(DesiredStateBson.FromDocument(document));
        });
        _desiredLoaded = true;
        return _desired;
    });

    public SaveDesiredResult SaveDesired(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var message = DesiredStateProtoMapper.ToProto(state);
        return _file.Locked(() =>
        {
            // Nothing held counts as revision 0, so the first accepted revision is 1 or more.
            var held = LoadDesired()?.Revision ?? 0;
            if (state.Revision <= held) return new SaveDesiredResult(false, held);
            _desiredLoaded = false; // until the write is known to be on disk (a failed checkpoint may still have committed)
            _file.WriteEngine("save the desired state", engine => engine.Upsert(StoreSchema.Desired, DesiredStateBson.ToDocument(message)));
            _desired = DesiredStateProtoMapper.FromProto(message);
            _desiredLoaded = true;
            return new SaveDesiredResult(true, state.Revision);
        });
    }

    /// <summary>The records as a dictionary that is never changed after it is returned (a save makes a new one).</summary>
    public IReadOnlyDictionary<string, WorkloadRecord> LoadRecords() => _file.Locked(() =>
        _records ??= _file.ReadEngine("read workload records", engine =>
            engine.FindAll(StoreSchema.Records)
                .Select(WorkloadRecordBson.FromDocument)
                .ToDictionary(r => r.Name, StringComparer.Ordinal)));

    public void SaveRecords(IEnumerable<WorkloadRecord> upserts, IEnumerable<string> deletes)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        var documents = upserts.Select(WorkloadRecordBson.ToDocument).ToList();
        var names = deletes.ToList();
        if (documents.Count == 0 && names.Count == 0) return;
        _file.Locked(() =>
        {
            var current = LoadRecords();
            _records = null; // until the write is known to be on disk (a failed checkpoint may still have committed)
            _file.WriteEngine("save workload records", engine =>
            {
                engine.Delete(StoreSchema.Records, names.Select(name => new BsonValue(name)));
                engine.Upsert(StoreSchema.Records, documents);
            });
            var next = new Dictionary<string, WorkloadRecord>(current, StringComparer.Ordinal);
            foreach (var name in names) next.Remove(name);
            foreach (var document in documents)
            {
                var record = WorkloadRecordBson.FromDocument(document);
                next[record.Name] = record;
            }
            _records = next;
            return true;
        });
    }

    public void AppendEvents(IEnumerable<AgentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var batch = events.ToList();
        if (batch.Count == 0) return;
        _file.WriteEngine("append events", _ => _outbox.Append(batch));
    }

    public IReadOnlyList<AgentEvent> PeekEvents(int max) => _file.ReadEngine("read events", _ => _outbox.Peek(max));

    public void AckEvents(long sequence) => _file.WriteEngine("acknowledge events", _ => _outbox.Ack(sequence));

    public long DroppedEvents => _file.ReadEngine("read the dropped-event count", _ => _outbox.Dropped);

    public void Dispose() => _file.Dispose();
}
