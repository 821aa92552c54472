using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Restart;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Restart;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(8, 256)]
    [InlineData(9, 300)]
    [InlineData(10, 300)]
    public void Delay_DefaultSpec_DoublesFromOneSecondAndCapsAt300(int failures, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.Delay(RestartSpec.Default, failures));
    }

    [Fact]
    public void Delay_CustomUnit_IsUnitTimesPowerOfTwo()
    {
        var spec = RestartPolicy(unitSeconds: 0.25, capSeconds: 1000);
        Assert.Equal(
            [0.25, 0.5, 1, 2, 4, 8],
            Enumerable.Range(0, 6).Select(n => Backoff.Delay(spec, n).TotalSeconds));
    }

    [Fact]
    public void Delay_CustomCap_NeverExceedsIt()
    {
        var spec = RestartPolicy(unitSeconds: 1, capSeconds: 4);
        Assert.Equal([1, 2, 4, 4, 4], Enumerable.Range(0, 5).Select(n => Backoff.Delay(spec, n).TotalSeconds));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Delay_HugeFailureCount_DoesNotOverflow_ReturnsCap(int failures)
    {
        Assert.Equal(TimeSpan.FromSeconds(300), Backoff.Delay(RestartSpec.Default, failures));
        Assert.Equal(TimeSpan.FromSeconds(7), Backoff.Delay(RestartPolicy(unitSeconds: 3, capSeconds: 7), failures));
    }

    [Fact]
    public void Delay_NegativeFailureCount_IsOneUnit()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(RestartSpec.Default, -5));
    }

    [Fact]
    public void Delay_ZeroUnitAndCap_FallBackToDefaults()
    {
        var spec = new RestartSpec { BackoffUnit = TimeSpan.Zero, BackoffCap = TimeSpan.Zero };
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(spec, 0));
        Assert.Equal(TimeSpan.FromSeconds(300), Backoff.Delay(spec, 100));
    }

    [Fact]
    public void Delay_UnitAboveCap_ReturnsCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Backoff.Delay(RestartPolicy(unitSeconds: 60, capSeconds: 5), 0));
    }

    [Theory]
    [InlineData(RestartMode.Always, 0, true)]
    [InlineData(RestartMode.Always, 1, true)]
    [InlineData(RestartMode.Always, 137, true)]
    [InlineData(RestartMode.Always, null, true)]
    [InlineData(RestartMode.OnFailure, 0, false)]
    [InlineData(RestartMode.OnFailure, 1, true)]
    [InlineData(RestartMode.OnFailure, -1, true)]
    [InlineData(RestartMode.OnFailure, 137, true)]
    [InlineData(RestartMode.OnFailure, null, true)]
    [InlineData(RestartMode.Never, 0, false)]
    [InlineData(RestartMode.Never, 1, false)]
    [InlineData(RestartMode.Never, null, false)]
    public void RestartsAfterExit_ModeAndExitCode_Matrix(RestartMode mode, int? exitCode, bool expected)
    {
        Assert.Equal(expected, Backoff.RestartsAfterExit(mode, exitCode));
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(0, 1000, false)]
    [InlineData(3, 0, false)]
    [InlineData(3, 2, false)]
    [InlineData(3, 3, true)]
    [InlineData(3, 4, true)]
    [InlineData(1, 1, true)]
    public void GivesUp_MaxRetriesAndFailures_TrueOnlyWhenLimitUsedUp(int maxRetries, int failures, bool expected)
    {
        Assert.Equal(expected, Backoff.GivesUp(RestartPolicy(maxRetries: maxRetries), failures));
    }
}
