using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMano.Agent.Uplink.Tests.Link;

public sealed class LinkStateTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ListLoggerFactory _logs = new();

    private LinkState NewState() => new("mqtt", "mqtt://plane:1883", _time, _logs.CreateLogger("test"));

    [Fact]
    public void AttemptFailed_ManyTimes_LogsTheFirstFewThenOnlyWhenTheReasonChanges()
    {
        var state = NewState();

        for (var i = 0; i < 50; i++) state.AttemptFailed("connection refused", TimeSpan.FromSeconds(1));
        state.AttemptFailed("host not found", TimeSpan.FromSeconds(1));
        for (var i = 0; i < 50; i++) state.AttemptFailed("host not found", TimeSpan.FromSeconds(1));

        Assert.Equal(LinkState.LoudAttempts, _logs.Count("LinkAttemptFailed:"));
        Assert.Equal(1, _logs.Count("LinkGoingQuiet:"));
        Assert.Equal(1, _logs.Count("LinkStillFailing:"));
        Assert.Contains("host not found (attempt 51)", _logs.ToString(), StringComparison.Ordinal);
        Assert.False(state.Status.Connected);
        Assert.Equal("host not found", state.Status.LastError);
    }

    [Fact]
    public void Connected_AfterAnOutage_LogsOnceWithAttemptsAndOfflineTime()
    {
        var state = NewState();
        state.Connected("");
        _time.Advance(TimeSpan.FromMinutes(1));
        state.Lost("connection reset");
        state.Lost("connection reset");
        for (var i = 0; i < 4; i++) state.AttemptFailed("connection refused", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(90));

        state.Connected(" (session resumed)");

        Assert.Equal(1, _logs.Count("LinkLost:"));
        Assert.Equal(2, _logs.Count("LinkConnected:"));
        Assert.Contains("connected (session resumed) after 4 failed attempt(s), offline for 90 s", _logs.ToString(), StringComparison.Ordinal);
        Assert.True(state.Status.Connected);
        Assert.Equal(_time.GetUtcNow(), state.Status.Since);
        Assert.Null(state.Status.LastError);
    }
}
