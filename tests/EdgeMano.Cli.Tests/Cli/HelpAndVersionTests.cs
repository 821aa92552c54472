using System.Text.RegularExpressions;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Cli;

/// <summary>`--version`, and `--help` on the root and on every verb (exit 0, nothing sent).</summary>
public sealed partial class HelpAndVersionTests
{
    [Fact]
    public async Task Version_Flag_PrintsTheBuildVersion()
    {
        var result = await InProcessCli.RunAsync(["--version"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StdOut.Trim();
        Assert.Matches(SemVer(), line);
        var expected = typeof(CliApp).Assembly.GetName().Version!.ToString(3);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public async Task Help_OnRoot_ListsVerbsAndGlobalOptions()
    {
        var result = await InProcessCli.RunAsync(["--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var verb in new[] { "nodes", "deploy", "deployments", "rollout", "status", "packages" })
            Assert.Matches(new Regex($@"(?m)^\s+(\S+, )?{verb}\b"), result.StdOut);
        Assert.Contains("--server <URL>", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("[env EDGEMANO_SERVER]", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--output <FORMAT>", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "nodes", "list" }, "--selector")]
    [InlineData(new[] { "nodes", "get" }, "<NODE>")]
    [InlineData(new[] { "deploy" }, "--file")]
    [InlineData(new[] { "deployments", "list" }, "--output")]
    [InlineData(new[] { "deployments", "get" }, "<NAME>")]
    [InlineData(new[] { "deployments", "delete" }, "--ignore-not-found")]
    [InlineData(new[] { "status" }, "<NODE>")]
    public async Task Help_OnEveryVerb_ExitsZeroListingItsOwnAndTheGlobalOptions(string[] verb, string own)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync([.. verb, "--help"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.StdOut, StringComparison.Ordinal);
        Assert.Contains(own, result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--server", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--output", result.StdOut, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("onboard", "<PATH>")]
    [InlineData("list", "--output <FORMAT>")]
    [InlineData("get", "[<VERSION>]")]
    [InlineData("export", "--force")]
    [InlineData("delete", "--ignore-not-found")]
    public async Task Help_OnEveryPackagesVerb_EndsWithAnExampleOfThatVerb(string verb, string own)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["packages", verb, "--help"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(own, result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--server", result.StdOut, StringComparison.Ordinal);
        var examples = result.StdOut.IndexOf("\nExamples:\n", StringComparison.Ordinal);
        Assert.True(examples > 0, result.StdOut);
        Assert.Contains($"  edgemano packages {verb} ", result.StdOut[examples..], StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Help_OnPackagesExport_ShowsItsOutputFileNotTheOutputFormat()
    {
        var result = await InProcessCli.RunAsync(["packages", "export", "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("-o, --output <FILE> (REQUIRED)", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("<FORMAT>", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_AfterPackagesExportHelp_OtherVerbsStillListTheOutputFormat()
    {
        // The tree is built per invocation, but the help must not leave the global -o hidden either way.
        await InProcessCli.RunAsync(["packages", "export", "--help"]);
        var result = await InProcessCli.RunAsync(["packages", "list", "--help"]);

        Assert.Contains("--output <FORMAT>", result.StdOut, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)*$")]
    private static partial Regex SemVer();
}
