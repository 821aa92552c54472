using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeMano.Testing;

/// <summary>
/// A real Mosquitto broker for one test: its own config, log and persistence files in a temp dir,
/// a free loopback port, stopped by the PID this process started (SIGTERM, so a persistent broker
/// saves its database). <see cref="RestartAsync"/> brings it back on the same port with the same
/// store, as a broker restart on a site would.
/// </summary>
public sealed partial class MosquittoBroker : IAsyncDisposable
{
    public const string InstallHint = "install mosquitto: apt-get install -y mosquitto";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new("edgemano-mosquitto-");
    private readonly bool _persistence;
    private readonly string _extraConfig;
    private Process? _process;

    private MosquittoBroker(int port, bool persistence, string extraConfig)
    {
        Port = port;
        _persistence = persistence;
        _extraConfig = extraConfig;
    }

    public int Port { get; private set; }

    /// <summary>mqtt://127.0.0.1:PORT, the form the agent's --broker takes.</summary>
    public string Url => $"mqtt://127.0.0.1:{Port}";

    public string LogPath => _dir.Combine("mosquitto.log");

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => IsRunning ? _process!.Id : null;

    /// <summary>Starts a broker on a free port. <paramref name="persistence"/> keeps retained messages and
    /// sessions across <see cref="RestartAsync"/>; <paramref name="extraConfig"/> is appended to the config.</summary>
    public static async Task<MosquittoBroker> StartAsync(bool persistence = true, string extraConfig = "", CancellationToken cancellationToken = default)
    {
        if (DockerDaemon.FindExecutable("mosquitto") is null) throw new InvalidOperationException(InstallHint);
        // A free port can be taken between the probe and the bind: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var broker = new MosquittoBroker(FreePort.Get(), persistence, extraConfig);
            try
            {
                await broker.StartProcessAsync(cancellationToken);
                return broker;
            }
            catch (InvalidOperationException) when (attempt < 3 && broker.Log.Contains("Address already in use", StringComparison.Ordinal))
            {
                await broker.DisposeAsync();
            }
        }
    }

    /// <summary>Starts it again on the same port after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        IsRunning ? Task.CompletedTask : StartProcessAsync(cancellationToken);

    /// <summary>Stops (SIGTERM; persistent state is saved) and starts again on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartProcessAsync(cancellationToken);
    }

    /// <summary>SIGTERM to the broker this fixture started, then waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p) return;
        Kill(p.Id, Sigterm);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { Kill(p.Id, Sigkill); await p.WaitForExitAsync(); }
    }

    /// <summary>What the broker logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            try { return File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log yet)"; }
            catch (IOException e) { return "(log unreadable: " + e.Message + ")"; }
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var config = _dir.Combine("mosquitto.conf");
        // `user root`: as root Mosquitto would otherwise switch to user mosquitto, who cannot write this temp dir.
        await File.WriteAllTextAsync(config, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            user root
            log_dest file {LogPath}
            log_type all
            persistence {(_persistence ? "true" : "false")}
            persistence_location {_dir.Path}/
            max_queued_messages 10000
            {_extraConfig}

            """, cancellationToken);
        var mosquitto = DockerDaemon.FindExecutable("mosquitto") ?? throw new InvalidOperationException(InstallHint);
        var start = new ProcessStartInfo(mosquitto) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {mosquitto}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!await AcceptsAsync(cancellationToken))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"mosquitto (pid {process.Id}) exited with {process.ExitCode} before listening on 127.0.0.1:{Port}; log {LogPath}:\n{Log}");
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"mosquitto (pid {process.Id}) did not listen on 127.0.0.1:{Port} within {ReadyTimeout.TotalSeconds:0} s; log {LogPath}:\n{Log}");
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _dir.Dispose();
    }

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
