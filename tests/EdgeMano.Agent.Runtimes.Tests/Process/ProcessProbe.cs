using System.Globalization;
using System.Text;

namespace EdgeMano.Agent.Runtimes.Tests.Processes;

/// <summary>Looks at real processes the way an operator would: /proc, not the driver.</summary>
internal static class ProcessProbe
{
    /// <summary>PIDs of live processes whose environment carries this node's and workload's markers.</summary>
    public static List<int> WithMarkers(string nodeId, string workload)
    {
        var node = Encoding.UTF8.GetBytes("EDGEMANO_NODE=" + nodeId);
        var name = Encoding.UTF8.GetBytes("EDGEMANO_WORKLOAD=" + workload);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var environ = ReadEnviron(pid);
            if (environ is null) continue; // gone meanwhile
            var entries = Split(environ);
            if (entries.Any(e => e.SequenceEqual(node)) && entries.Any(e => e.SequenceEqual(name)) && IsAlive(pid)) found.Add(pid);
        }
        return found;
    }

    /// <summary>
    /// A user process in the middle of execve has an empty environment for a moment (the new
    /// address space is installed before its arguments are laid out), and a workload execs twice
    /// right after it is released: read again rather than miss it. Kernel threads (children of
    /// kthreadd, PID 2) never have one.
    /// </summary>
    private static byte[]? ReadEnviron(int pid)
    {
        for (var attempt = 0; ; attempt++)
        {
            byte[] environ;
            try
            {
                environ = File.ReadAllBytes($"/proc/{pid}/environ");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
            if (environ.Length > 0 || attempt == 20 || pid == 2 || ParentOf(pid) is 2 or null) return environ;
            Thread.Sleep(5);
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static async Task WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("timed out waiting until " + what);
            await Task.Delay(50);
        }
    }

    public static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    private static List<byte[]> Split(byte[] environ)
    {
        var list = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= environ.Length; i++)
        {
            if (i < environ.Length && environ[i] != 0) continue;
            if (i > start) list.Add(environ[start..i]);
            start = i + 1;
        }
        return list;
    }
}
