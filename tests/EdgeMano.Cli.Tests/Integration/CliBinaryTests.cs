using EdgeMano.Cli.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Integration;

/// <summary>The built executable on its own: version, help, exit codes, an unreachable plane.</summary>
public sealed class CliBinaryTests
{
    [Fact]
    public async Task Version_Binary_PrintsTheBuildVersion()
    {
        var result = await CliProcess.RunAsync(["--version"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(typeof(CliApp).Assembly.GetName().Version!.ToString(3), result.StdOut.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Binary_UsageNamesEdgemano()
    {
        var result = await CliProcess.RunAsync(["deploy", "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("edgemano deploy [options]", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUsage_Binary_ExitsTwo()
    {
        var result = await CliProcess.RunAsync(["nodes", "list", "--output", "xml"]);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Unreachable_FlagPointsAtAClosedPort_ExitsOneWithTheHint()
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}";

        var result = await CliProcess.RunAsync(["nodes", "list", "--server", url]);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"cannot reach the plane at {url}: connection refused (is edgemano-plane running? --server / EDGEMANO_SERVER)\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Unreachable_EnvPointsAtAClosedPort_NamesThatUrl()
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}";

        var result = await CliProcess.RunAsync(["deploy", "-f", "web.yaml"], env: new Dictionary<string, string> { ["EDGEMANO_SERVER"] = url });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"cannot reach the plane at {url}: connection refused", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_FileWithoutName_ExitsTwoBeforeContactingAnyPlane()
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}";

        var result = await CliProcess.RunAsync(["deploy", "-f", "bad/no-name.yaml", "--server", url]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("bad/no-name.yaml:2:1: name: required", result.StdErr, StringComparison.Ordinal);
    }
}
