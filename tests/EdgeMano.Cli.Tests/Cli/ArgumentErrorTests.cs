using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Cli;

/// <summary>Bad usage ends with exit 2, a message naming what is wrong, and no request sent.</summary>
public sealed class ArgumentErrorTests
{
    [Theory]
    [InlineData(new[] { "bogus" }, "'bogus'")]
    [InlineData(new[] { "nodes", "frobnicate" }, "'frobnicate'")]
    [InlineData(new[] { "nodes", "list", "--bogus" }, "'--bogus'")]
    [InlineData(new[] { "nodes", "get" }, "Required argument missing")]
    [InlineData(new[] { "status" }, "Required argument missing")]
    [InlineData(new[] { "deploy" }, "'--file' is required")]
    [InlineData(new[] { "deployments", "delete" }, "Required argument missing")]
    [InlineData(new[] { "nodes", "get", "a", "b" }, "'b'")]
    [InlineData(new[] { "packages", "onboard" }, "Required argument missing")]
    [InlineData(new[] { "packages", "delete", "edge-web" }, "Required argument missing")]
    [InlineData(new[] { "packages", "export", "edge-web", "1.0" }, "'--output' is required")]
    [InlineData(new[] { "packages", "get", "a", "1", "extra" }, "'extra'")]
    [InlineData(new[] { "rollout", "undo", "web", "--to-generation", "0" }, "--to-generation must be a generation number, 1 or more, got '0'")]
    [InlineData(new[] { "rollout", "undo", "web", "--to-generation=-4" }, "--to-generation must be a generation number, 1 or more, got '-4'")]
    [InlineData(new[] { "rollout", "undo", "web", "--to-generation", "two" }, "'two'")]
    [InlineData(new[] { "rollout", "undo", "Bad_Name" }, "deployment name 'Bad_Name' is not valid")]
    [InlineData(new[] { "rollout", "status" }, "Required argument missing")]
    [InlineData(new[] { "rollout", "status", "web", "--timeout", "5m" }, "--timeout applies only with --watch")]
    [InlineData(new[] { "rollout", "status", "web", "--watch", "--timeout", "5x" }, "--timeout: '5x' is not a duration")]
    [InlineData(new[] { "rollout", "status", "web", "--watch", "--timeout", "-1s" }, "is not a duration")]
    [InlineData(new[] { "rollout", "resume", "web", "--reason", "x" }, "'--reason'")]
    [InlineData(new[] { "rollout", "rewind", "web" }, "'rewind'")]
    public async Task Run_BadUsage_ExitsTwoNamingTheProblem(string[] args, string expected)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(args, handler: stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Run_BadUsage_PointsAtTheVerbsHelpInsteadOfPrintingIt()
    {
        var result = await InProcessCli.RunAsync(["nodes", "list", "--bogus"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("See 'edgemano nodes list --help'.", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nodes")]
    [InlineData("deployments")]
    [InlineData("packages")]
    public async Task Run_GroupWithoutVerb_ExitsTwoAndShowsItsVerbs(string group)
    {
        var result = await InProcessCli.RunAsync([group]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Required command was not provided", result.StdErr, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+(ls, )?list\b", result.StdOut);
        Assert.Matches(@"(?m)^\s+get <", result.StdOut);
    }

    [Fact]
    public async Task Output_UnknownFormat_IsRejectedListingTheThreeFormats()
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["nodes", "list", "-o", "xml"], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var word in new[] { "'xml'", "'table'", "'json'", "'yaml'" })
            Assert.Contains(word, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("site")]
    [InlineData("=plant-a")]
    [InlineData("site=a,tier")]
    public async Task Selector_NotKeyValue_IsRejectedBeforeAnyRequest(string selector)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["nodes", "list", "--selector", selector], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--selector:", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("k=v", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("nodes", "get", "..")]
    [InlineData("nodes", "get", "a/b")]
    [InlineData("status", "-x", null)]
    [InlineData("status", "edge 1", null)]
    public async Task NodeId_NotValid_IsRejectedBeforeAnyRequest(string verb, string arg1, string? arg2)
    {
        string[] args = arg2 is null ? [verb, "--", arg1] : [verb, arg1, arg2];
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(args, handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is not valid", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("get", "Web")]
    [InlineData("delete", "web_1")]
    [InlineData("delete", "..")]
    [InlineData("get", "-web")]
    public async Task DeploymentName_NotDnsLabel_IsRejectedBeforeAnyRequest(string verb, string name)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["deployments", verb, "--", name], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"deployment name '{name}' is not valid: a DNS label", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }
}
