using System.Text.Json;
using EdgeMano.Cli.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Integration;

/// <summary>`nodes` and `status` against a real plane with no agent: an empty fleet.</summary>
public sealed class NodesAgainstPlaneTests(PlaneFixture fixture) : IClassFixture<PlaneFixture>
{
    [Fact]
    public async Task NodesList_EmptyFleet_SaysNoNodesExitZero()
    {
        var result = await CliProcess.RunAsync(["nodes", "list", "--server", fixture.Plane.Url]);

        Assert.True(result.ExitCode == 0, result + fixture.Plane.Log);
        Assert.Equal("", result.StdOut);
        Assert.Equal("No nodes found.\n", result.StdErr);
    }

    [Fact]
    public async Task NodesList_EmptyFleetAsJsonWithSelector_IsAnEmptyItemsList()
    {
        var result = await CliProcess.RunAsync(["nodes", "list", "-l", "site=plant-a", "-o", "json", "--server", fixture.Plane.Url]);

        Assert.True(result.ExitCode == 0, result + fixture.Plane.Log);
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(0, json.RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("nodes", "get")]
    [InlineData("status", null)]
    public async Task UnknownNode_SaysNotFoundExitOne(string verb, string? sub)
    {
        string[] args = sub is null ? [verb, "ghost-node"] : [verb, sub, "ghost-node"];

        var result = await CliProcess.RunAsync([.. args, "--server", fixture.Plane.Url]);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result + fixture.Plane.Log);
        Assert.Equal("node 'ghost-node' not found\n", result.StdErr);
    }

    [Fact]
    public async Task Server_FromEnv_ReachesThePlane()
    {
        var result = await CliProcess.RunAsync(["nodes", "list"], env: new Dictionary<string, string> { ["EDGEMANO_SERVER"] = fixture.Plane.Url });

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Server_FlagBeatsEnv()
    {
        var dead = $"http://127.0.0.1:{FreePort.Get()}";

        var result = await CliProcess.RunAsync(["nodes", "list", "--server", fixture.Plane.Url], env: new Dictionary<string, string> { ["EDGEMANO_SERVER"] = dead });

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
