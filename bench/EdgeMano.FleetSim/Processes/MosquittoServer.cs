namespace EdgeMano.FleetSim.Processes;

/// <summary>
/// A Mosquitto this simulator starts for one phase: its own config in the run's work dir, a free
/// loopback port, persistence off (a fresh broker per phase: nothing retained from an earlier one).
/// </summary>
internal sealed class MosquittoServer : IAsyncDisposable
{
    private MosquittoServer(ChildProcess process, int port, string configPath)
    {
        Process = process;
        Port = port;
        ConfigPath = configPath;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string ConfigPath { get; }

    /// <summary>
    /// "tuned": deep per-client queues and a wide in-flight window, because the plane (or the floor's
    /// collector) reads a whole fleet's acks through 4 connections and Mosquitto's default queue of
    /// 1,000 per client drops QoS 1 messages silently when it overflows. "default": Mosquitto's own limits.
    /// </summary>
    public static string Config(int port, string logPath, string profile, string extra) => $"""
        listener {port} 127.0.0.1
        allow_anonymous true
        # As root Mosquitto would switch to user mosquitto, who cannot write the run's temp dir.
        user root
        persistence false
        log_dest file {logPath}
        log_type error
        log_type warning
        log_type notice
        connection_messages false
        {(profile == "tuned" ? """
        max_queued_messages 100000
        max_inflight_messages 1000
        set_tcp_nodelay true
        """ : "# Mosquitto defaults: max_queued_messages 1000, max_inflight_messages 20, Nagle on")}
        {string.Join('\n', extra.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}

        """;

    public static async Task<MosquittoServer> StartAsync(string workDir, string tag, string profile, string extra, string? pidFile)
    {
        // A free port can be taken between the probe and the bind: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Get();
            var configPath = Path.Combine(workDir, $"mosquitto-{tag}.conf");
            var logPath = Path.Combine(workDir, $"mosquitto-{tag}.log");
            await File.WriteAllTextAsync(configPath, Config(port, logPath, profile, extra)).ConfigureAwait(false);
            var process = ChildProcess.Start($"mosquitto ({tag})", "mosquitto", ["-c", configPath], logPath, pidFile);
            var server = new MosquittoServer(process, port, configPath);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!await FreePort.AcceptsAsync(port).ConfigureAwait(false) && !process.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(50).ConfigureAwait(false);
            if (!process.HasExited && await FreePort.AcceptsAsync(port).ConfigureAwait(false)) return server;
            var log = process.Tail();
            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt >= 3 || !log.Contains("Address already in use", StringComparison.Ordinal))
                throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port} within 15 s; {logPath}:\n{log}");
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
