using Google.Protobuf;
using LiteDB;
using LiteDB.Engine;

namespace EdgeMano.Agent.Store;

/// <summary>
/// One LiteDB file owned by one process, with the durability rules both the agent's and the
/// plane's stores need: an exclusive process lock, a refusal to treat a short file as empty, one
/// lock around every call, and every write one transaction that is on disk when it returns.
/// Failures surface as <see cref="IOException"/> naming the store, the file and what was being done.
/// Two views of the same file: the engine (documents only; what the native-AOT agent uses, through
/// <see cref="OpenEngine"/>, <see cref="ReadEngine"/> and <see cref="WriteEngine"/>) and a
/// <see cref="LiteDatabase"/> over that engine (typed collections; what the plane's store uses).
/// The agent stays off LiteDatabase because it builds LiteDB's BsonMapper, whose reflection
/// mapping (and what it pulls in) cost the AOT agent ~0.2 MB for nothing it needs.
/// </summary>
public sealed class LiteFile : IDisposable
{
    /// <summary>
    /// HResult of the IOException when another holder has the lock: on Linux .NET puts the errno
    /// there, and a held flock gives EWOULDBLOCK (11).
    /// </summary>
    private const int LockHeldByOther = 11;

    private readonly Lock _gate = new();
    private readonly FileStream _processLock;
    private readonly LiteEngine _engine;
    private readonly string _label;
    private LiteDatabase? _database;
    private bool _disposed;

    private LiteFile(FileStream processLock, LiteEngine engine, string filePath, string label)
    {
        _processLock = processLock;
        _engine = engine;
        FilePath = filePath;
        _label = label;
    }

    /// <summary>The file's documents, without LiteDB's object mapper.</summary>
    public ILiteEngine Engine => _engine;

    /// <summary>A LiteDatabase over <see cref="Engine"/>, made on first use (it does not own the engine).</summary>
    public LiteDatabase Database => LazyInitializer.EnsureInitialized(ref _database, () => OverEngine(_engine));

    public string FilePath { get; }

    /// <summary>
    /// Opens (or creates) {directory}/{fileName}; <paramref name="prepare"/> runs once (indexes,
    /// schema checks) before the first checkpoint. Throws <see cref="IOException"/> naming the file
    /// and the cause when the directory cannot be created, the file is damaged or another process holds it.
    /// </summary>
    /// <param name="label">How errors name the store, e.g. "agent store".</param>
    public static LiteFile Open(string directory, string fileName, string label, Action<LiteDatabase> prepare) =>
        OpenEngine(directory, fileName, label, engine => prepare(OverEngine(engine)));

    /// <summary><see cref="Open"/> with <paramref name="prepare"/> given the engine rather than a LiteDatabase.</summary>
    public static LiteFile OpenEngine(string directory, string fileName, string label, Action<ILiteEngine> prepare)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var fullDirectory = Path.GetFullPath(directory);
        var filePath = Path.Combine(fullDirectory, fileName);
        try
        {
            Directory.CreateDirectory(fullDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{label}: cannot create state directory {fullDirectory}: {ex.Message}", ex);
        }

        var processLock = AcquireProcessLock(filePath, label);
        LiteEngine? engine = null;
        try
        {
            RefuseShortFile(filePath);
            // One engine in this process, no cross-process mutex (what a LiteDatabase opened with
            // Connection=Direct creates): the lock file above is what keeps other processes out.
            engine = new LiteEngine(new EngineSettings { Filename = filePath });
            // Touching the file now makes damage show here, at start, rather than at the first write.
            prepare(engine);
            // Folds a log left by a crash into the file, and makes the preparation durable.
            engine.Checkpoint();
            return new LiteFile(processLock, engine, filePath, label);
        }
        catch (Exception ex)
        {
            engine?.Dispose();
            processLock.Dispose();
            throw new IOException($"{label}: cannot open {filePath}: {ex.Message}", ex);
        }
    }

    public T Read<T>(string what, Func<LiteDatabase, T> read) => ReadEngine(what, _ => read(Database));

    public void Write(string what, Action<LiteDatabase> change) => WriteEngine(what, _ => change(Database));

    public T ReadEngine<T>(string what, Func<ILiteEngine, T> read)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return read(_engine);
            }
            catch (Exception ex) when (ex is LiteException or IOException or InvalidDataException or InvalidProtocolBufferException or FormatException)
            {
                throw new IOException($"{_label}: cannot {what} from {FilePath}: {ex.Message}", ex);
            }
        }
    }

    public void WriteEngine(string what, Action<ILiteEngine> change)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _engine.BeginTrans();
                try
                {
                    change(_engine);
                    _engine.Commit();
                }
                catch
                {
                    TryRollback();
                    throw;
                }
                // LiteDB 5.0.21's Commit appends the transaction's pages to its log with plain
                // 8 KiB writes that bypass the FileStream buffer: the kernel has them when Commit
                // returns, which already survives kill -9. It does not fsync, so a power cut could
                // still lose them. Checkpoint copies the committed pages into the file, fsyncs it
                // (FileStream.Flush(true)) and truncates the log: after it the write survives power
                // loss too. One fsync per write is affordable for these stores' write rates.
                _engine.Checkpoint();
            }
            catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new IOException($"{_label}: cannot {what} in {FilePath}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> under the file's lock (for a read-check-write that must not interleave).</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (_gate) return action();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _engine.Dispose();
            _processLock.Dispose();
        }
    }

    /// <summary>
    /// LiteDB rounds a file's length down to whole pages and truncates the rest, so a non-empty file
    /// shorter than one page would silently become a fresh, empty database. Such a file is not
    /// ours (LiteDB creates it with one 8 KiB write, so a kill cannot leave one), so refuse.
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
    /// {file}.lock for its lifetime. FileShare.None is an flock(LOCK_EX) on Linux, released by the
    /// kernel when the process dies, so a kill -9 never leaves a stale lock.
    /// </summary>
    private static FileStream AcquireProcessLock(string filePath, string label)
    {
        var lockPath = filePath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex.HResult == LockHeldByOther)
        {
            throw new IOException($"{label}: cannot open {filePath}: another process holds its lock {lockPath}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{label}: cannot open {filePath}: cannot lock {lockPath}: {ex.Message}", ex);
        }
    }

    private static LiteDatabase OverEngine(ILiteEngine engine) => new(engine, disposeOnClose: false);

    private void TryRollback()
    {
        try
        {
            _engine.Rollback();
        }
        catch (LiteException)
        {
            // The original failure is the one worth reporting; a failed rollback is discarded with
            // the transaction when the file is next opened.
        }
    }
}
