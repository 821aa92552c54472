using EdgeMano.Cli.Commands;

namespace EdgeMano.Cli.Tests.Cli;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1m500ms", 60.5)]
    [InlineData(" 2h ", 7200)]
    [InlineData("0", 0)]
    public void TryParse_KubectlStyle_IsTheDuration(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5x")]
    [InlineData("-1s")]
    [InlineData("1.5h")]
    [InlineData("9000h")]
    [InlineData("m")]
    public void TryParse_NotADuration_IsFalse(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(600, "10m")]
    [InlineData(3, "3s")]
    [InlineData(60.5, "1m0.5s")]
    [InlineData(0, "0s")]
    public void Format_Duration_ReadsAsTheFlagTakesIt(double seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
