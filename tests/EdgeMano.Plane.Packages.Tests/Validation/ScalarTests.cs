using EdgeMano.Plane.Packages.Tosca;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages.Tests.Validation;

public sealed class ScalarTests
{
    [Theory]
    [InlineData("512 MB", 512_000_000L)]
    [InlineData("64 MiB", 64L << 20)]
    [InlineData("100MiB", 100L << 20)]
    [InlineData("1.5 GiB", 3L << 29)]
    [InlineData("2 gb", 2_000_000_000L)]
    [InlineData("16777216", 16L << 20)]
    [InlineData("10 B", 10L)]
    public void TryParseSize_ToscaSizes_GivesBytes(string text, long bytes)
    {
        Assert.Null(ToscaScalars.TryParseSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("12 parsecs", "unknown size unit 'parsecs'")]
    [InlineData("MB", "expected a size like 512 MB")]
    [InlineData("1.5", "whole bytes")]
    [InlineData("", "expected a size like 512 MB")]
    public void TryParseSize_NotASize_SaysWhy(string text, string reason) =>
        Assert.Contains(reason, ToscaScalars.TryParseSize(text, out _), StringComparison.Ordinal);

    [Theory]
    [InlineData("500", 500L, true)]
    [InlineData("0", 0L, true)]
    [InlineData("0.5", 0L, false)]
    [InlineData("500m", 0L, false)]
    [InlineData("-1", 0L, false)]
    public void TryParseMilliCpu_WholeMilliCpusOnly(string text, long millis, bool ok)
    {
        var problem = ToscaScalars.TryParseMilliCpu(text, out var parsed);
        Assert.Equal(ok, problem is null);
        if (ok) Assert.Equal(millis, parsed);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("1.0", true)]
    [InlineData("2.3.1", true)]
    [InlineData("1.0.0-rc.1+b7", true)]
    [InlineData("latest", false)]
    [InlineData("1.0 beta", false)]
    [InlineData("v1.0", false)]
    [InlineData("1..2", false)]
    [InlineData("", false)]
    public void Versions_Check_AcceptsDottedNumbersOnly(string version, bool ok) =>
        Assert.Equal(ok, Versions.Check(version) is null);
}
