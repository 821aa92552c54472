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

    /// <summary>Every readable marker; an unreadable one is reported through <paramref name="onCorrupt"/> and skipped.</summary>
    public List<ProcessMarker> ReadAll(Action<string, string> onCorrupt)
    {
        var markers = new List<ProcessMarker>();
        if (!System.IO.Directory.Exists(Directory)) return markers;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + MarkerExtension))
        {
            try
            {
                if (Parse(File.ReadAllBytes(path)) is { } marker) markers.Add(marker);
                else onCorrupt(path, "empty or not a marker");
            }
            catch (FileNotFoundException) { } // removed meanwhile
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                onCorrupt(path, e.Message);
            }
        }
        return markers;
    }

    public ProcessMarker? Read(string name)
    {
        var path = MarkerPath(name);
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
            Libc.FsyncDirectory(Directory);
        }
        catch (DirectoryNotFoundException) { }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeException($"process: cannot delete marker {path}: {e.Message}", e);
        }
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
