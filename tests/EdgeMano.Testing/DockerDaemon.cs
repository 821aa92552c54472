using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EdgeMano.Testing;

/// <summary>
/// Makes sure a Docker engine answers for the tests. Uses EDGEMANO_TEST_DOCKER_SOCKET or
/// /var/run/docker.sock; when nothing answers there it starts <c>dockerd</c> itself and remembers
/// that PID, so only a daemon this process started is ever stopped. The daemon is left running for
/// the rest of the test run (later test assemblies find it up); set EDGEMANO_TEST_DOCKER_STOP_AT_EXIT=1
/// to stop it when this process exits.
/// </summary>
public static partial class DockerDaemon
{
    public const string DefaultSocketPath = "/var/run/docker.sock";
    public const string SocketVariable = "EDGEMANO_TEST_DOCKER_SOCKET";
    public const string StopAtExitVariable = "EDGEMANO_TEST_DOCKER_STOP_AT_EXIT";

    // Several test assemblies may run at once: one machine-wide lock so only one starts a daemon.
    private const string CrossProcessLockPath = "/tmp/edgemano-test-dockerd.lock";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string SocketPath =>
        Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } s ? s : DefaultSocketPath;

    /// <summary>PID of the dockerd this process started, if it started one.</summary>
    public static int? StartedPid { get; private set; }

    /// <summary>Where the daemon this process started writes its log.</summary>
    public static string? StartedLogPath { get; private set; }

    /// <summary>Returns the socket path of an engine that answers <c>GET /_ping</c>, starting one if needed.</summary>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken = default)
    {
        var socket = SocketPath;
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (await PingAsync(socket, cancellationToken)) return socket;
            using var machineLock = await AcquireCrossProcessLockAsync(cancellationToken);
            // Someone else may have started it while we waited for the lock.
            if (await PingAsync(socket, cancellationToken)) return socket;
            await StartAsync(socket, cancellationToken);
            return socket;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<bool> PingAsync(string socketPath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(socketPath)) return false;
        try
        {
            using var http = UnixSocketHttp.CreateClient(socketPath, TimeSpan.FromSeconds(3));
            using var response = await http.GetAsync("/_ping", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops (SIGTERM) the daemon only if this process started it; waits for it to exit.</summary>
    public static void StopIfStartedHere()
    {
        if (StartedPid is not { } pid) return;
        StartedPid = null;
        if (Kill(pid, Sigterm) != 0) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.WaitForExit(TimeSpan.FromSeconds(15));
        }
        catch (ArgumentException) { } // already gone
    }

    private static async Task StartAsync(string socket, CancellationToken cancellationToken)
    {
        var dockerd = FindExecutable("dockerd")
            ?? throw new InvalidOperationException("dockerd not found: apt-get install -y docker.io");
        var isDefault = socket == DefaultSocketPath;
        var tag = isDefault ? "default" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(socket)), 0, 6);
        var log = $"/tmp/edgemano-test-dockerd-{tag}.log";
        var args = new StringBuilder();
        if (isDefault)
        {
            args.Append("--pidfile /var/run/docker.pid");
        }
        else
        {
            // A private daemon on its own socket must not share state with a default one (PLATFORM.md).
            Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
            args.Append($"-H {Quote("unix://" + socket)} --data-root {Quote("/var/lib/edgemano-test-docker/" + tag)}")
                .Append($" --exec-root {Quote("/run/edgemano-test-docker/" + tag)} --pidfile {Quote($"/run/edgemano-test-docker/{tag}.pid")}");
        }

        // setsid: the daemon gets its own session, so the test host's exit or kill does not take it along.
        var setsid = FindExecutable("setsid");
        var command = $"{(setsid is null ? "" : Quote(setsid) + " ")}{Quote(dockerd)} {args} >{Quote(log)} 2>&1 </dev/null & echo $!";
        var pid = await RunShellForPidAsync(command, cancellationToken);
        StartedPid = pid;
        StartedLogPath = log;
        if (Environment.GetEnvironmentVariable(StopAtExitVariable) == "1")
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopIfStartedHere();

        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!await PingAsync(socket, cancellationToken))
        {
            if (!IsAlive(pid))
            {
                StartedPid = null;
                throw new InvalidOperationException($"dockerd (pid {pid}) exited before answering on unix://{socket}; log {log}:\n{Tail(log)}");
            }
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"dockerd (pid {pid}) did not answer on unix://{socket} within {ReadyTimeout.TotalSeconds:0} s; log {log}:\n{Tail(log)}");
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<int> RunShellForPidAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("cannot run /bin/sh to start dockerd");
        var output = await shell.StandardOutput.ReadLineAsync(cancellationToken);
        await shell.WaitForExitAsync(cancellationToken);
        return int.TryParse(output?.Trim(), out var pid)
            ? pid
            : throw new InvalidOperationException($"starting dockerd printed no PID: '{output}'");
    }

    private static async Task<IDisposable> AcquireCrossProcessLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout * 2;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Linux; released when the stream closes or the process dies.
                return new FileStream(CrossProcessLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    internal static string? FindExecutable(string name)
    {
        // The test host's PATH may lack the sbin directories where Debian installs dockerd.
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static bool IsAlive(int pid) => Kill(pid, 0) == 0 && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..];
            return afterName.StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string Tail(string path)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(15));
        }
        catch (IOException e)
        {
            return "(log unreadable: " + e.Message + ")";
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
