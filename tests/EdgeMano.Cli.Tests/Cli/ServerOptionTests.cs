using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Cli;

/// <summary>Where requests go: --server beats EDGEMANO_SERVER beats http://127.0.0.1:8080.</summary>
public sealed class ServerOptionTests
{
    private const string EmptyList = """{"items":[]}""";

    [Fact]
    public async Task Server_NeitherFlagNorEnv_UsesTheDefault()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 200, EmptyList);

        var result = await InProcessCli.RunAsync(["nodes", "list"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("http://127.0.0.1:8080/api/v1/nodes", Assert.Single(stub.Requests).Uri.ToString());
    }

    [Fact]
    public async Task Server_EnvOnly_UsesTheEnv()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 200, EmptyList);

        var result = await InProcessCli.RunAsync(["nodes", "list"], new Dictionary<string, string> { ["EDGEMANO_SERVER"] = "http://from-env:9000" }, stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("http://from-env:9000/api/v1/nodes", Assert.Single(stub.Requests).Uri.ToString());
    }

    [Theory]
    [InlineData("--server")]
    [InlineData("-s")]
    public async Task Server_FlagAndEnv_FlagWins(string flag)
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 200, EmptyList);

        var result = await InProcessCli.RunAsync(["nodes", "list", flag, "http://from-flag:9001/"], new Dictionary<string, string> { ["EDGEMANO_SERVER"] = "http://from-env:9000" }, stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("http://from-flag:9001/api/v1/nodes", Assert.Single(stub.Requests).Uri.ToString());
    }

    [Fact]
    public async Task Server_WithBasePath_KeepsThePath()
    {
        var stub = new StubPlane().OnGet("/edgemano/api/v1/deployments", 200, EmptyList);

        var result = await InProcessCli.RunAsync(["--server", "https://proxy.example/edgemano", "deployments", "list"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("https://proxy.example/edgemano/api/v1/deployments", Assert.Single(stub.Requests).Uri.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://plane:21")]
    [InlineData("not a url")]
    [InlineData("http://plane:8080/?x=1")]
    public async Task Server_FlagNotHttpUrl_ExitsTwoNamingTheFlag(string url)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["nodes", "list", "--server", url], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--server: '{url}' is not a plane URL", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Server_EnvNotHttpUrl_ExitsTwoNamingTheVariable()
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["nodes", "list"], new Dictionary<string, string> { ["EDGEMANO_SERVER"] = "plane:8080" }, stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("EDGEMANO_SERVER: 'plane:8080' is not a plane URL", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_NobodyListening_ExitsOneWithTheHint()
    {
        // A real socket to a loopback port nobody listens on: no stub, no server.
        var url = $"http://127.0.0.1:{EdgeMano.Testing.FreePort.Get()}";

        var result = await InProcessCli.RunAsync(["nodes", "list", "--server", url]);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"cannot reach the plane at {url}: connection refused (is edgemano-plane running? --server / EDGEMANO_SERVER)", result.StdErr.Trim());
        Assert.Equal("", result.StdOut);
    }
}
