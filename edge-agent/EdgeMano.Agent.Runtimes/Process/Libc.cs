using System.Runtime.InteropServices;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>The few libc calls .NET does not expose: signalling a process group, access(2), fsync of a directory, reading a /proc file without allocating.</summary>
internal static partial class Libc
{
    // Same numbers on x64 and arm64 Linux.
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int ESRCH = 3;
    public const int X_OK = 1;
    private const int F_OK = 0;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int EINTR = 4;
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000; // x64 and generic (arm64) agree
    private const int O_CLOEXEC = 0x80000; // x64 and generic (arm64) agree

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessNative(string path, int mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int OpenUtf8Native(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nuint count);

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

    /// <summary>
    /// True only when <paramref name="path"/> certainly does not exist (ENOENT, ENOTDIR): the cases
    /// .NET would report as FileNotFound/DirectoryNotFound. Anything else (EACCES, ...) is false, so
    /// the caller's own open reports it as before.
    /// </summary>
    public static bool IsMissing(string path)
    {
        if (AccessNative(path, F_OK) == 0) return false;
        var errno = Marshal.GetLastPInvokeError();
        return errno is ENOENT or ENOTDIR;
    }

    /// <summary>Makes a rename inside <paramref name="directory"/> durable. Best effort: a failure only loses durability.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = OpenNative(directory, O_RDONLY | O_DIRECTORY);
        if (fd < 0) return;
        FsyncNative(fd);
        CloseNative(fd);
    }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>.Length bytes of a small file (a /proc entry) into it,
    /// with no managed allocation. <paramref name="nulTerminatedPath"/> is UTF-8 ending in a NUL byte.
    /// </summary>
    /// <returns>The number of bytes read, or -1 when the file cannot be opened or read (e.g. the process is gone).</returns>
    public static unsafe int ReadSmallFile(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0) throw new ArgumentException("the path must end with a NUL byte", nameof(nulTerminatedPath));
        int fd;
        fixed (byte* path = nulTerminatedPath)
            fd = OpenUtf8Native(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            var total = 0;
            fixed (byte* start = buffer)
            {
                while (total < buffer.Length)
                {
                    var n = ReadNative(fd, start + total, (nuint)(buffer.Length - total));
                    if (n == 0) break;
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR) continue;
                        return -1;
                    }
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            CloseNative(fd);
        }
    }
}
