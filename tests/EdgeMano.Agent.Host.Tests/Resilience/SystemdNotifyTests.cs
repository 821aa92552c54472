using EdgeMano.Testing;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using EdgeMano.Agent.Host.Tests.Infrastructure;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>
/// The sd_notify protocol as systemd would see it (systemd is not PID 1 here): the test binds the
/// NOTIFY_SOCKET datagram socket itself and reads what the real daemon sends.
/// </summary>
public sealed class SystemdNotifyTests : IAsyncLifetime
{
    private readonly AgentProcess _agent = new();
    private readonly Channel<(TimeSpan At, string Message)> _received = Channel.CreateUnbounded<(TimeSpan, string)>();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Task _receiving = Task.CompletedTask;

    private string SocketPath => Path.Combine(_agent.WorkDir, "notify.sock");

    public Task InitializeAsync()
    {
        _agent.CommonArgs.AddRange(["--runtime", "process"]);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _receiving = ReceiveAsync(_socket, _stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _stop.CancelAsync();
        _socket?.Dispose();
        try { await _receiving; } catch (Exception) { }
        _stop.Dispose();
    }

    [Fact]
    public async Task Run_WithNotifySocketAndWatchdog_SendsReadyThenWatchdogsThenStopping()
    {
        var applied = await _agent.ApplyYamlAsync(AgentStatusJson.SleepWorkloads(1, "notify"));
        Assert.True(applied.ExitCode == 0, applied.ToString());

        _agent.Start(extraEnv: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = SocketPath, ["WATCHDOG_USEC"] = "1000000" });

        var ready = await NextAsync(m => m == "READY=1", TimeSpan.FromSeconds(20), "READY=1");
        // READY=1 comes once the first reconcile is done: the workload has been started by then.
        var status = await _agent.StatusAsync();
        Assert.True(status.Rows() is [{ Name: "sleep-1", Phase: "Running" }], $"READY=1 before the first reconcile finished: {status}");

        // WATCHDOG_USEC=1 s: a ping every half of it while the reconcile loop lives.
        var watchdogs = new List<TimeSpan>();
        var window = ready.At + TimeSpan.FromSeconds(3);
        while (_clock.Elapsed < window)
        {
            var left = window - _clock.Elapsed;
            if (left <= TimeSpan.Zero) break;
            var next = await TryNextAsync(left);
            if (next is null) break;
            Assert.True(next.Value.Message == "WATCHDOG=1", $"unexpected notification while running: '{next.Value.Message}'");
            watchdogs.Add(next.Value.At);
        }
        Assert.True(watchdogs.Count >= 2, $"expected at least 2 WATCHDOG=1 within 3 s of READY=1, got {watchdogs.Count}\n{_agent.Log}");

        await _agent.StopAsync();
        Assert.Equal(0, _agent.ExitCode);
        await NextAsync(m => m == "STOPPING=1", TimeSpan.FromSeconds(5), "STOPPING=1 after SIGTERM");
        AgentStatusJson.AssertNoStackTrace(_agent.Log, "daemon log");
    }

    [Fact]
    public async Task Run_WithoutNotifySocket_RunsNormally()
    {
        // NOTIFY_SOCKET unset (as outside systemd): nothing is sent, the daemon works as usual.
        _agent.Start();
        await _agent.WaitReadyAsync();
        await _agent.StopAsync();
        Assert.Equal(0, _agent.ExitCode);
        Assert.Null(await TryNextAsync(TimeSpan.FromMilliseconds(300)));
    }

    /// <summary>The next notification satisfying <paramref name="match"/>; others before it are skipped (WATCHDOG=1).</summary>
    private async Task<(TimeSpan At, string Message)> NextAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = _clock.Elapsed + timeout;
        var seen = new List<string>();
        while (_clock.Elapsed < deadline)
        {
            var next = await TryNextAsync(deadline - _clock.Elapsed);
            if (next is null) break;
            if (match(next.Value.Message)) return next.Value;
            seen.Add(next.Value.Message);
        }
        throw new TimeoutException($"no {what} within {timeout.TotalSeconds} s; received [{string.Join(", ", seen)}]\nagent log:\n{_agent.Log}");
    }

    private async Task<(TimeSpan At, string Message)?> TryNextAsync(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return null;
        using var cts = new CancellationTokenSource(timeout);
        try { return await _received.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (!ct.IsCancellationRequested)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            // One datagram may carry several "KEY=value" lines.
            foreach (var line in Encoding.UTF8.GetString(buffer, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                _received.Writer.TryWrite((_clock.Elapsed, line));
        }
    }
}
