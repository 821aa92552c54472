using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeMano.FleetSim.Processes;

/// <summary>
/// A process this simulator started (the plane or a Mosquitto), its output appended to a log file.
/// It is stopped by its own PID only (SIGTERM, SIGKILL after a grace period), and its PID is written
/// to the run's PID file so that bench/fleet-sim.sh can stop it if this process dies first.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int Sigterm = 15;
    private const int Sigkill = 9;
    private readonly Process _process;

    private ChildProcess(Process process, string name, string logPath)
    {
        _process = process;
        Name = name;
        LogPath = logPath;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string executable, IReadOnlyList<string> args, string logPath, string? pidFile, IReadOnlyDictionary<string, string>? env = null)
    {
        // exec through sh so the PID is the program's own and its output goes straight to the file.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add(executable);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LOG"] = logPath;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {executable}");
        if (pidFile is not null) File.AppendAllText(pidFile, $"{process.Id}\n");
        return new ChildProcess(process, name, logPath);
    }

    public string Tail(int lines = 20)
    {
        try { return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)); }
        catch (IOException ex) { return $"(cannot read {LogPath}: {ex.Message})"; }
    }

    public (long RssKb, long HwmKb) Memory() => ProcFs.Memory(Pid);

    public double CpuSeconds() => ProcFs.CpuSeconds(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Signal(Pid, Sigterm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"[fleetsim] {Name} (pid {Pid}) ignored SIGTERM for 15 s; SIGKILL");
                _ = Signal(Pid, Sigkill);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Signal(int pid, int signal);
}

/// <summary>Memory and CPU of a process from /proc.</summary>
internal static class ProcFs
{
    /// <summary>VmRSS and VmHWM (peak) in kB from /proc/PID/status; 0 when gone.</summary>
    public static (long RssKb, long HwmKb) Memory(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = ParseKb(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = ParseKb(line);
            }
            return (rss, hwm);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>User + system CPU seconds the process used so far (/proc/PID/stat), for "where did the time go".</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private static long ParseKb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the kernel picks it).</summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
