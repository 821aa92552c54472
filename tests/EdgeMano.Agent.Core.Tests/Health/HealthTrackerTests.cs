using EdgeMano.Agent.Core.Health;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Tests.Health;

public sealed class HealthTrackerTests
{
    [Fact]
    public void StateOf_NeverProbed_Unknown()
    {
        Assert.Equal(HealthState.Unknown, new HealthTracker().StateOf("web", "c1"));
        Assert.Equal("", new HealthTracker().DetailOf("web"));
    }

    [Fact]
    public void Observe_FailuresBelowThreshold_StayUnknown_ThenUnhealthyAtThreshold()
    {
        var t = new HealthTracker();
        Assert.False(t.Observe("web", "c1", healthy: false, "refused", failureThreshold: 3));
        Assert.False(t.Observe("web", "c1", healthy: false, "refused", failureThreshold: 3));
        Assert.Equal(HealthState.Unknown, t.StateOf("web", "c1"));

        Assert.True(t.Observe("web", "c1", healthy: false, "refused", failureThreshold: 3));
        Assert.Equal(HealthState.Unhealthy, t.StateOf("web", "c1"));
        Assert.Equal("refused", t.DetailOf("web"));

        Assert.False(t.Observe("web", "c1", healthy: false, "still refused", failureThreshold: 3));
        Assert.Equal("still refused", t.DetailOf("web"));
    }

    [Fact]
    public void Observe_OneSuccess_Healthy()
    {
        var t = new HealthTracker();
        Assert.True(t.Observe("web", "c1", healthy: true, "200", failureThreshold: 3));
        Assert.Equal(HealthState.Healthy, t.StateOf("web", "c1"));
        Assert.False(t.Observe("web", "c1", healthy: true, "200", failureThreshold: 3));
    }

    [Fact]
    public void Observe_HealthyThenFewFailures_StaysHealthyUntilThreshold()
    {
        var t = new HealthTracker();
        t.Observe("web", "c1", healthy: true, "200", 2);
        Assert.False(t.Observe("web", "c1", healthy: false, "503", 2));
        Assert.Equal(HealthState.Healthy, t.StateOf("web", "c1"));
        Assert.True(t.Observe("web", "c1", healthy: false, "503", 2));
        Assert.Equal(HealthState.Unhealthy, t.StateOf("web", "c1"));
    }

    [Fact]
    public void Observe_SuccessAfterUnhealthy_RecoversAndResetsTheCount()
    {
        var t = new HealthTracker();
        for (var i = 0; i < 3; i++) t.Observe("web", "c1", healthy: false, "503", 3);
        Assert.True(t.Observe("web", "c1", healthy: true, "200", 3));
        Assert.Equal(HealthState.Healthy, t.StateOf("web", "c1"));

        // The streak starts over: two failures are not enough again.
        t.Observe("web", "c1", healthy: false, "503", 3);
        t.Observe("web", "c1", healthy: false, "503", 3);
        Assert.Equal(HealthState.Healthy, t.StateOf("web", "c1"));
    }

    [Fact]
    public void Observe_NewRuntimeId_StartsOverUnknown()
    {
        var t = new HealthTracker();
        for (var i = 0; i < 3; i++) t.Observe("web", "c1", healthy: false, "503", 3);
        Assert.Equal(HealthState.Unhealthy, t.StateOf("web", "c1"));

        Assert.Equal(HealthState.Unknown, t.StateOf("web", "c2"));
        Assert.False(t.Observe("web", "c2", healthy: false, "starting", 3));
        Assert.Equal(HealthState.Unknown, t.StateOf("web", "c2"));
        Assert.Equal(HealthState.Unknown, t.StateOf("web", "c1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1)]
    public void Observe_ThresholdOneOrLess_FirstFailureUnhealthy(int threshold)
    {
        var t = new HealthTracker();
        Assert.True(t.Observe("web", "c1", healthy: false, "x", threshold));
        Assert.Equal(HealthState.Unhealthy, t.StateOf("web", "c1"));
    }

    [Fact]
    public void Observe_WorkloadsTrackedSeparately()
    {
        var t = new HealthTracker();
        t.Observe("a", "1", healthy: false, "x", 1);
        t.Observe("b", "2", healthy: true, "y", 1);
        Assert.Equal(HealthState.Unhealthy, t.StateOf("a", "1"));
        Assert.Equal(HealthState.Healthy, t.StateOf("b", "2"));
    }

    [Fact]
    public void Retain_ForgetsOthers()
    {
        var t = new HealthTracker();
        t.Observe("a", "1", healthy: true, "ok", 1);
        t.Observe("b", "2", healthy: true, "ok", 1);
        t.Retain(["a"]);
        Assert.Equal(HealthState.Healthy, t.StateOf("a", "1"));
        Assert.Equal(HealthState.Unknown, t.StateOf("b", "2"));
        Assert.Equal("", t.DetailOf("b"));
    }
}
