using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Tests.Output;

public sealed class AgesTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(3 * 60 + 59, "3m")]
    [InlineData(119 * 60, "119m")]
    [InlineData(2 * 3600, "2h")]
    [InlineData(47 * 3600 + 3599, "47h")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(4 * 86400 + 7200, "4d")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(-30, "0s")]
    public void Format_Duration_KubectlStyle(int seconds, string expected)
    {
        Assert.Equal(expected, Ages.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Since_NoTimestamp_SaysSo()
    {
        Assert.Equal("<never>", Ages.Since(null, DateTimeOffset.UnixEpoch, "<never>"));
    }
}
