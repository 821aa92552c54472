using System.IO.Enumeration;
using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>
/// Marker and log files of one node: {state}/processes/{node}/{workload}.json and .log.
/// Markers are replaced atomically (temp file, fsync, rename, fsync of the directory) so a crash
/// leaves either the old or the new marker, never half of one.
/// </summary>
internal sealed class ProcessMarkerStore
{
    private const string MarkerExtension = ".json";

    /// <summary>Markers as last read or written, by file name; see <see cref="ReadAll"/>.</summary>
    private readonly Dictionary<string, CachedMarker> _cache = new(StringComparer.Ordinal);
    private readonly List<string> _unseen = [];
    private readonly Lock _cacheGate = new();
    private FileSystemEnumerable<ScanEntry>? _scan;
    private long _scanGeneration;

    public ProcessMarkerStore(string stateDirectory, string nodeId)
    {
        CheckFileName(nodeId, "node id");
        Directory = Path.Combine(Path.GetFullPath(stateDirectory), "processes", nodeId);
    }

    public string Directory { get; }

    public string MarkerPath(string name) => Path.Combine(Directory, CheckFileName(name, "workload name") + MarkerExtension);

    public string LogPath(string name) => Path.Combine(Directory, CheckFileName(name, "workload name") + ".log");

    /// <summary>Creates the node directory private to the agent: markers hold the workload environment, which may carry secrets.</summary>
    public void EnsureDirectory()
    {
        if (System.IO.Directory.Exists(Directory)) return;
        if (OperatingSystem.IsLinux()) System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>
    /// Every readable marker, into <paramref name="into"/> (cleared first); an unreadable one is
    /// reported through <paramref name="onCorrupt"/> and skipped.
    /// </summary>
    /// <remarks>
    /// The driver calls this twice a second, so a marker is parsed only when its file is new or
    /// changed: the directory is listed every time and each file's size, modification and creation
    /// times are compared with those of the copy kept from the last read. A marker is only ever
    /// replaced by renaming a freshly written file over it, so a change always shows there; a copy
    /// this store wrote itself is kept as written. A marker that cannot be read is not kept and is
    /// tried (and reported) again on every call, as before.
    /// </remarks>
    public void ReadAll(List<ProcessMarker> into, Action<string, string> onCorrupt)
    {
        into.Clear();
        lock (_cacheGate)
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                _cache.Clear();
                return;
            }
            _scanGeneration++;
            foreach (var found in _scan ??= NewScan())
            {
                if (found.Fresh is { } fresh)
                {
                    fresh.SeenInScan = _scanGeneration;
                    into.Add(fresh.Marker);
                    continue;
                }
                var fileName = Path.GetFileName(found.Path!);
                _cache.Remove(fileName);
                try
                {
                    if (Parse(File.ReadAllBytes(found.Path!)) is { } marker)
                    {
                        _cache[fileName] = new CachedMarker(marker, found.Stamp) { SeenInScan = _scanGeneration };
                        into.Add(marker);
                    }
                    else onCorrupt(found.Path!, "empty or not a marker");
                }
                catch (FileNotFoundException) { } // removed meanwhile
                catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
                {
                    onCorrupt(found.Path!, e.Message);
                }
            }
            if (_cache.Count > into.Count) RemoveUnseen();
        }
    }

    public ProcessMarker? Read(string name)
    {
        var path = MarkerPath(name);
        // A missing marker is the usual case on create: answer it without throwing, as the first
        // exception the agent throws pages in a good part of a MB of unwind tables (the catch
        // below still covers a marker removed between the check and the read).
        if (Libc.IsMissing(path)) return null;
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new RuntimeException($"process: cannot read marker {path}: {e.Message}", e);
        }
    }

    public void Write(ProcessMarker marker)
    {
        EnsureDirectory();
        var path = MarkerPath(marker.Name);
        var temp = Path.Combine(Directory, "." + marker.Name + MarkerExtension + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, marker, ProcessMarkerJsonContext.Default.ProcessMarker);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            Libc.FsyncDirectory(Directory);
            Remember(marker, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeException($"process: cannot write marker {path}: {e.Message}", e);
        }
    }

    public void Delete(string name)
    {
        var path = MarkerPath(name);
        try
        {
            File.Delete(path);
            lock (_cacheGate) _cache.Remove(Path.GetFileName(path));
            Libc.FsyncDirectory(Directory);
        }
        catch (DirectoryNotFoundException) { }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeException($"process: cannot delete marker {path}: {e.Message}", e);
        }
    }

    /// <summary>Keeps the marker just written with the stamp of its file, so the next scan does not parse it again.</summary>
    private void Remember(ProcessMarker marker, string path)
    {
        var info = new FileInfo(path);
        lock (_cacheGate)
        {
            var fileName = Path.GetFileName(path);
            if (info.Exists) _cache[fileName] = new CachedMarker(marker, new FileStamp(info.Length, info.LastWriteTimeUtc, info.CreationTimeUtc));
            else _cache.Remove(fileName);
        }
    }

    private void RemoveUnseen()
    {
        _unseen.Clear();
        foreach (var (fileName, cached) in _cache)
            if (cached.SeenInScan != _scanGeneration) _unseen.Add(fileName);
        foreach (var fileName in _unseen) _cache.Remove(fileName);
    }

    /// <summary>
    /// The directory listing as (kept copy still fresh) or (path to read, stamp): built once and
    /// enumerated on every scan; only a new or changed file costs a path string.
    /// </summary>
    private FileSystemEnumerable<ScanEntry> NewScan()
    {
        var byName = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        // Like Directory.EnumerateFiles(dir, "*.json"): hidden files included, errors not ignored, no recursion.
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        return new FileSystemEnumerable<ScanEntry>(Directory, (ref FileSystemEntry entry) =>
        {
            var stamp = new FileStamp(entry.Length, entry.LastWriteTimeUtc.UtcDateTime, entry.CreationTimeUtc.UtcDateTime);
            return byName.TryGetValue(entry.FileName, out var cached) && cached.Stamp == stamp
                ? new ScanEntry(cached, null, stamp)
                : new ScanEntry(null, entry.ToFullPath(), stamp);
        }, options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && entry.FileName.EndsWith(MarkerExtension, StringComparison.Ordinal),
        };
    }

    private readonly record struct FileStamp(long Length, DateTime WrittenAt, DateTime CreatedAt);

    private readonly record struct ScanEntry(CachedMarker? Fresh, string? Path, FileStamp Stamp);

    private sealed class CachedMarker(ProcessMarker marker, FileStamp stamp)
    {
        public ProcessMarker Marker { get; } = marker;
        public FileStamp Stamp { get; } = stamp;
        public long SeenInScan { get; set; }
    }

    private static ProcessMarker? Parse(byte[] json) =>
        json.Length == 0 ? null : JsonSerializer.Deserialize(json, ProcessMarkerJsonContext.Default.ProcessMarker);

    /// <summary>Names become file names: refuse anything that could escape the directory or hide a file.</summary>
    private static string CheckFileName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.StartsWith('.') || value.Length > 200
            || value.AsSpan().IndexOfAny("/\\\0") >= 0 || value.Any(char.IsControl))
            throw new RuntimeException($"process: {what} '{value}' cannot be used as a file name (empty, leading '.', '/', control characters or too long)");
        return value;
    }
}
