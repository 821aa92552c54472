using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Core.Tests.Yaml;

public sealed class ScalarParsersTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("30", 30_000)]
    [InlineData("2.5", 2_500)]
    [InlineData("0", 0)]
    public void TryParseDuration_ValidText_ReturnsValue(string text, long expectedMs)
    {
        Assert.Null(ScalarParsers.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("10x")]
    [InlineData("-5s")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10 s")]
    [InlineData("1d")]
    public void TryParseDuration_InvalidText_ExplainsFormat(string text)
    {
        Assert.Equal($"expected a duration like 500ms, 10s, 5m or 1h (a plain number is seconds), got '{text}'",
            ScalarParsers.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("64Mi", 64L << 20)]
    [InlineData("1Gi", 1L << 30)]
    [InlineData("512M", 512_000_000L)]
    [InlineData("100k", 100_000L)]
    [InlineData("100K", 100_000L)]
    [InlineData("2Ki", 2048L)]
    [InlineData("1.5Gi", 3L << 29)]
    [InlineData("4096", 4096L)]
    public void TryParseByteSize_ValidText_ReturnsBytes(string text, long expected)
    {
        Assert.Null(ScalarParsers.TryParseByteSize(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("Mi")]
    [InlineData("10Xi")]
    public void TryParseByteSize_InvalidText_ExplainsFormat(string text)
    {
        Assert.Equal($"expected a size like 64Mi, 1Gi, 512M, 100k or a number of bytes, got '{text}'",
            ScalarParsers.TryParseByteSize(text, out _));
    }

    [Fact]
    public void TryParseByteSize_DockerStyleLowercaseM_RefusedWithHint()
    {
        Assert.Equal("expected a size like 64Mi, 1Gi, 512M, 100k or a number of bytes, got '64m': write Mi or Gi for binary units, M or G for decimal ones",
            ScalarParsers.TryParseByteSize("64m", out _));
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("2", 2.0)]
    [InlineData("500m", 0.5)]
    [InlineData("1500m", 1.5)]
    [InlineData("-1", -1.0)]
    public void TryParseCpu_ValidText_ReturnsCores(string text, double expected)
    {
        Assert.Null(ScalarParsers.TryParseCpu(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("m")]
    [InlineData("1.5m")]
    [InlineData("NaN")]
    public void TryParseCpu_InvalidText_ExplainsFormat(string text)
    {
        Assert.Equal($"expected CPU cores like 0.5 or 2, or millicores like 500m, got '{text}'", ScalarParsers.TryParseCpu(text, out _));
    }

    [Theory]
    [InlineData("abc", "expected a number, got 'abc'")]
    [InlineData("1.5", "expected a whole number, got '1.5'")]
    [InlineData("99999999999999999999", "expected a whole number, got '99999999999999999999'")]
    public void TryParseInt64_InvalidText_SaysWhatWasExpected(string text, string expected)
    {
        Assert.Equal(expected, ScalarParsers.TryParseInt64(text, out _));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void TryParseBool_TrueOrFalse_Parses(string text, bool expected)
    {
        Assert.Null(ScalarParsers.TryParseBool(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryParseBool_Yes_Refused()
    {
        Assert.Equal("expected true or false, got 'yes'", ScalarParsers.TryParseBool("yes", out _));
    }
}
