using System.Runtime.InteropServices;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>The few libc calls .NET does not expose: signalling a process group, access(2), fsync of a directory.</summary>
internal static partial class Libc
{
    // Same numbers on x64 and arm64 Linux.
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int ESRCH = 3;
    public const int X_OK = 1;
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000; // x64 and generic (arm64) agree

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessNative(string path, int mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    /// <summary>Sends <paramref name="signal"/> to every process of the group led by <paramref name="groupLeader"/>.</summary>
    /// <returns>false when the group no longer exists.</returns>
    public static bool SignalGroup(int groupLeader, int signal)
    {
        if (groupLeader <= 1) throw new ArgumentOutOfRangeException(nameof(groupLeader), "refusing to signal init or every process");
        if (KillNative(-groupLeader, signal) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == ESRCH) return false;
        throw new RuntimeException($"process: cannot send signal {signal} to process group {groupLeader}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>Sends <paramref name="signal"/> to one process; false when it no longer exists.</summary>
    public static bool Signal(int pid, int signal)
    {
        if (pid <= 1) throw new ArgumentOutOfRangeException(nameof(pid), "refusing to signal init or every process");
        if (KillNative(pid, signal) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == ESRCH) return false;
        throw new RuntimeException($"process: cannot send signal {signal} to pid {pid}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>Signals the group, or the process alone when it left its group (a workload may call setpgid itself).</summary>
    public static bool SignalGroupOrProcess(int pid, int signal) => SignalGroup(pid, signal) || Signal(pid, signal);

    /// <summary>Whether any process of the group still exists (signal 0 only checks).</summary>
    public static bool GroupExists(int groupLeader) => groupLeader > 1 && KillNative(-groupLeader, 0) == 0;

    public static bool IsExecutable(string path) => AccessNative(path, X_OK) == 0;

    /// <summary>Makes a rename inside <paramref name="directory"/> durable. Best effort: a failure only loses durability.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = OpenNative(directory, O_RDONLY | O_DIRECTORY);
        if (fd < 0) return;
        FsyncNative(fd);
        CloseNative(fd);
    }
}
