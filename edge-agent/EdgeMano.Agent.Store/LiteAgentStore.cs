using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Store.Mapping;
using Google.Protobuf;
using LiteDB;

namespace EdgeMano.Agent.Store;

/// <summary>
/// The agent's local store: one LiteDB file, {stateDir}/agent.db, opened by one process only.
/// Documents are mapped by hand (Mapping/) because LiteDB's reflection mapper fails under native AOT.
/// Every method is serialized by one lock; every write is one transaction, on disk when it returns.
/// </summary>
public sealed class LiteAgentStore : IAgentStore, IDisposable
{
    public const int DefaultOutboxCapacity = 1000;

    /// <summary>
    /// HResult of the IOException when another holder has the lock: on Linux .NET puts the errno
    /// there, and a held flock gives EWOULDBLOCK (11).
    /// </summary>
    private const int LockHeldByOther = 11;

    private readonly Lock _gate = new();
    private readonly FileStream _processLock;
    private readonly LiteDatabase _db;
    private readonly EventOutbox _outbox;
    private bool _disposed;

    private LiteAgentStore(FileStream processLock, LiteDatabase db, string filePath, int outboxCapacity)
    {
        _processLock = processLock;
        _db = db;
        FilePath = filePath;
        _outbox = new EventOutbox(db, outboxCapacity);
    }

    /// <summary>Full path of agent.db.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Opens (or creates) {stateDir}/agent.db. Throws <see cref="IOException"/> naming the file and
    /// the cause when the directory cannot be created, the file is damaged or another process holds it.
    /// </summary>
    public static LiteAgentStore Open(string stateDir, int outboxCapacity = DefaultOutboxCapacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDir);
        ArgumentOutOfRangeException.ThrowIfLessThan(outboxCapacity, 1);
        var directory = Path.GetFullPath(stateDir);
        var filePath = Path.Combine(directory, StoreSchema.FileName);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"agent store: cannot create state directory {directory}: {ex.Message}", ex);
        }

        var processLock = AcquireProcessLock(filePath);
        LiteDatabase? db = null;
        try
        {
            RefuseShortFile(filePath);
            // Direct: one engine in this process, no cross-process mutex as in Shared mode (the
            // lock file above is what keeps other processes out).
            db = new LiteDatabase(new ConnectionString { Filename = filePath, Connection = ConnectionType.Direct });
            // Touch the file now so damage shows here, at start, rather than at the first write.
            db.GetCollection(StoreSchema.Desired).EnsureIndex("revision");
            _ = new EventOutbox(db, outboxCapacity).Dropped;
            // Folds a log left by a crash into agent.db, and makes the index creation durable.
            db.Checkpoint();
            return new LiteAgentStore(processLock, db, filePath, outboxCapacity);
        }
        catch (Exception ex)
        {
            db?.Dispose();
            processLock.Dispose();
            throw new IOException($"agent store: cannot open {filePath}: {ex.Message}", ex);
        }
    }

    public DesiredState? LoadDesired() => Read("read the desired state", () =>
    {
        var document = _db.GetCollection(StoreSchema.Desired).FindById(DesiredStateBson.CurrentId);
        return document is null ? null : DesiredStateProtoMapper.FromProto(DesiredStateBson.FromDocument(document));
    });

    public SaveDesiredResult SaveDesired(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var message = DesiredStateProtoMapper.ToProto(state);
        lock (_gate)
        {
            // Nothing held counts as revision 0, so the first accepted revision is 1 or more.
            var held = Read("read the desired revision", () =>
                _db.GetCollection(StoreSchema.Desired).FindById(DesiredStateBson.CurrentId) is { } d ? DesiredStateBson.Revision(d) : 0);
            if (state.Revision <= held) return new SaveDesiredResult(false, held);
            Write("save the desired state", () => _db.GetCollection(StoreSchema.Desired).Upsert(DesiredStateBson.ToDocument(message)));
            return new SaveDesiredResult(true, state.Revision);
        }
    }

    public IReadOnlyDictionary<string, WorkloadRecord> LoadRecords() => Read("read workload records", () =>
        _db.GetCollection(StoreSchema.Records).FindAll()
            .Select(WorkloadRecordBson.FromDocument)
            .ToDictionary(r => r.Name, StringComparer.Ordinal));

    public void SaveRecords(IEnumerable<WorkloadRecord> upserts, IEnumerable<string> deletes)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        var documents = upserts.Select(WorkloadRecordBson.ToDocument).ToList();
        var names = deletes.ToList();
        if (documents.Count == 0 && names.Count == 0) return;
        Write("save workload records", () =>
        {
            var records = _db.GetCollection(StoreSchema.Records);
            foreach (var name in names) records.Delete(name);
            records.Upsert(documents);
        });
    }

    public void AppendEvents(IEnumerable<AgentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var batch = events.ToList();
        if (batch.Count == 0) return;
        Write("append events", () => _outbox.Append(batch));
    }

    public IReadOnlyList<AgentEvent> PeekEvents(int max) => Read("read events", () => _outbox.Peek(max));

    public void AckEvents(long sequence) => Write("acknowledge events", () => _outbox.Ack(sequence));

    public long DroppedEvents => Read("read the dropped-event count", () => _outbox.Dropped);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _db.Dispose();
            _processLock.Dispose();
        }
    }

    /// <summary>
    /// LiteDB rounds a file's length down to whole pages and truncates the rest, so a non-empty file
    /// shorter than one page would silently become a fresh, empty database. Such a file is not
    /// agent.db (LiteDB creates it with one 8 KiB write, so a kill cannot leave one), so refuse.
    /// </summary>
    private static void RefuseShortFile(string filePath)
    {
        const int litePageSize = 8192;
        var length = File.Exists(filePath) ? new FileInfo(filePath).Length : 0;
        if (length is > 0 and < litePageSize)
        {
            throw new InvalidDataException($"not a LiteDB file ({length} bytes, less than one {litePageSize}-byte page)");
        }
    }

    /// <summary>
    /// LiteDB's direct mode does not stop a second process from opening the same file (measured:
    /// two writers corrupt it within a second), so the store holds an exclusive lock on
    /// agent.db.lock for its lifetime. FileShare.None is an flock(LOCK_EX) on Linux, released by the
    /// kernel when the process dies, so a kill -9 never leaves a stale lock.
    /// </summary>
    private static FileStream AcquireProcessLock(string filePath)
    {
        var lockPath = filePath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex.HResult == LockHeldByOther)
        {
            throw new IOException($"agent store: cannot open {filePath}: another process holds its lock {lockPath}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"agent store: cannot open {filePath}: cannot lock {lockPath}: {ex.Message}", ex);
        }
    }

    private T Read<T>(string what, Func<T> read)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return read();
            }
            catch (Exception ex) when (ex is LiteException or IOException or InvalidDataException or InvalidProtocolBufferException or FormatException)
            {
                throw new IOException($"agent store: cannot {what} from {FilePath}: {ex.Message}", ex);
            }
        }
    }

    private void Write(string what, Action change)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _db.BeginTrans();
                try
                {
                    change();
                    _db.Commit();
                }
                catch
                {
                    TryRollback();
                    throw;
                }
                // LiteDB 5.0.21's Commit appends the transaction's pages to its log (agent-log.db)
                // with plain 8 KiB writes that bypass the FileStream buffer: the kernel has them
                // when Commit returns, which already survives kill -9 (CrashSafetyTests passes even
                // without the next line). It does not fsync, so a power cut could still lose them.
                // Checkpoint copies the committed pages into agent.db, fsyncs it
                // (FileStream.Flush(true)) and truncates the log: after it the write survives power
                // loss too. Writes are rare (a new revision, a phase change, an event batch), so one
                // fsync each is affordable.
                _db.Checkpoint();
            }
            catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new IOException($"agent store: cannot {what} in {FilePath}: {ex.Message}", ex);
            }
        }
    }

    private void TryRollback()
    {
        try
        {
            _db.Rollback();
        }
        catch (LiteException)
        {
            // The original failure is the one worth reporting; a failed rollback is discarded with
            // the transaction when the file is next opened.
        }
    }
}
