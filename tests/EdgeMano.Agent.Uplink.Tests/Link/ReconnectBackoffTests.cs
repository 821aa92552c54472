using EdgeMano.Agent.Uplink.Link;

namespace EdgeMano.Agent.Uplink.Tests.Link;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void NextDelay_AtTheTopOfTheJitter_DoublesFromMinUpToMax()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1.0);

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.NextDelay().TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void NextDelay_FullJitter_IsUniformBetweenZeroAndTheCeiling()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        for (var i = 0; i < 10; i++) backoff.NextDelay();

        var delays = Enumerable.Range(0, 2000).Select(_ => backoff.NextDelay().TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 0, 60));
        // Spread over the whole range, not bunched at the cap (a synchronised fleet would be).
        Assert.InRange(delays.Average(), 25, 35);
        Assert.True(delays.Count(d => d < 10) > 100, "no short waits: the jitter is not full");
    }

    [Fact]
    public void Reset_AfterAConnect_StartsAgainFromMin()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1.0);
        for (var i = 0; i < 50; i++) backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay());
        Assert.Equal(1, backoff.Failures);
    }
}
