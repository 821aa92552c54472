using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Tests.Infrastructure;

namespace EdgeMano.Agent.Uplink.Tests.Link;

public sealed class LinkLoopTests
{
    private static UplinkOptions Options => new() { NodeId = "n", ReconnectMin = TimeSpan.FromMilliseconds(20), ReconnectMax = TimeSpan.FromMilliseconds(400) };

    [Fact]
    public async Task Run_ConnectionsThatDropAtOnce_KeepBackingOffInsteadOfFlapping()
    {
        var logs = new ListLoggerFactory();
        var state = new LinkState("mqtt", "mqtt://x", TimeProvider.System, logs.CreateLogger("t"));
        var sessions = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        await LinkLoop.RunAsync(Options, state, TimeProvider.System, _ =>
        {
            Interlocked.Increment(ref sessions);
            state.Connected("");
            return Task.FromResult("session taken over");
        }, () => Task.CompletedTask, stop.Token);

        // Resetting the backoff after each of these would give ~150 sessions (waits of 0-20 ms).
        Assert.InRange(sessions, 2, 30);
        Assert.Equal(sessions, logs.Count("LinkLost:"));
    }

    [Fact]
    public async Task Run_SessionThrows_NeverEscapesAndStopsOnCancel()
    {
        var logs = new ListLoggerFactory();
        var state = new LinkState("grpc", "http://x", TimeProvider.System, logs.CreateLogger("t"));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await LinkLoop.RunAsync(Options, state, TimeProvider.System, _ => throw new IOException("boom"), () => throw new InvalidOperationException("cleanup failed"), stop.Token);

        Assert.False(state.Status.Connected);
        Assert.Equal("boom", state.Status.LastError);
    }
}
