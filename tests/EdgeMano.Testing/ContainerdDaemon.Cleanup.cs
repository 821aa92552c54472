using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeMano.Testing;

/// <summary>How <see cref="ContainerdDaemon"/> leaves nothing behind when it is disposed.</summary>
public sealed partial class ContainerdDaemon
{
    /// <summary>Kills and deletes every task and deletes every container, in every namespace, until none is left.</summary>
    private async Task RemoveEverythingAsync()
    {
        var namespaces = Lines(await RunCtrAsync(["namespaces", "ls", "-q"], check: false)).Append(Namespace).Distinct().ToList();
        // Again while something is left: a driver (or an agent under test) may still be creating one.
        for (var round = 0; round < 3; round++)
        {
            var left = false;
            foreach (var ns in namespaces)
            {
                foreach (var id in Lines(await RunCtrAsync(["tasks", "ls", "-q"], check: false, ns)))
                {
                    left = true;
                    await RunCtrAsync(["tasks", "kill", "-a", "-s", "SIGKILL", id], check: false, ns);
                    await RunCtrAsync(["tasks", "rm", "-f", id], check: false, ns);
                }
                foreach (var id in Lines(await RunCtrAsync(["containers", "ls", "-q"], check: false, ns)))
                {
                    left = true;
                    await RunCtrAsync(["containers", "rm", id], check: false, ns);
                }
            }
            if (!left) return;
        }
    }

    /// <summary>
    /// Ends the shims this daemon started that are still alive once it is stopped, with their
    /// containers. containerd cannot remove them all: one whose task creation was cut short (the
    /// caller killed mid-request, as the crash-safety tests do) runs on without a task containerd
    /// lists, and any shim outlives a containerd that died. They are found by the address of this
    /// daemon's socket (unique to its temp dir) on their command line; runc deletes each container
    /// (killing its processes and freeing its cgroup), then the shim and anything left under it
    /// are killed by PID.
    /// </summary>
    private void EndLeftoverShims()
    {
        foreach (var (pid, args) in Processes())
        {
            if (!Path.GetFileName(args[0]).StartsWith("containerd-shim", StringComparison.Ordinal) || ArgAfter(args, "-address") != SocketPath)
                continue;
            if (ArgAfter(args, "-id") is { } id && ArgAfter(args, "-namespace") is { } ns && FindExecutable("runc") is { } runc)
                RunQuietly(runc, "--root", Path.Combine("/run/containerd/runc", ns), "delete", "--force", id);
            foreach (var (child, _) in Processes().Where(p => ParentOf(p.Pid) == pid)) _ = Kill(child, 9);
            _ = Kill(pid, 9);
        }
    }

    /// <summary>
    /// Detaches what is still mounted under the temp dir (a killed shim leaves its container's
    /// rootfs mounted), deepest first, so the directory can be deleted.
    /// </summary>
    private void UnmountLeftovers()
    {
        const int detach = 2; // MNT_DETACH
        var prefix = _directory + "/";
        var mountPoints = File.ReadLines("/proc/self/mounts")
            .Select(line => line.Split(' ')).Where(f => f.Length > 1).Select(f => f[1].Replace("\\040", " "))
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(m => m.Length);
        foreach (var mountPoint in mountPoints) _ = Unmount(mountPoint, detach);
    }

    /// <summary>Every process with its command line (those that exit meanwhile are skipped).</summary>
    private static IEnumerable<(int Pid, string[] Args)> Processes()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (args.Length > 0) yield return (pid, args);
        }
    }

    /// <summary>The parent PID from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces), or -1.</summary>
    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var parent) ? parent : -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static string? ArgAfter(string[] args, string flag)
    {
        var at = Array.IndexOf(args, flag);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static void RunQuietly(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start);
        if (process is null) return;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill();
    }

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Unmount(string target, int flags);
}
