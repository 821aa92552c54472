using System.Text.Json;
using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.Api;

/// <summary>A deployment's placement block over REST: the "cannot place" answer, and a bad block refused naming its field.</summary>
public sealed class PlacementApiTests : IAsyncLifetime
{
    private PlaneProcess _plane = null!;

    public async Task InitializeAsync() => _plane = await PlaneProcess.StartAsync();

    public async Task DisposeAsync() => await _plane.DisposeAsync();

    private static string Yaml(string name, string placement) => $"""
        name: {name}
        selector: {"{"}site: placement-test{"}"}
        placement: {placement}
        workloads:
          - {"{"}name: {name}, kind: container, image: local/busybox:1, command: [sleep, "3600"]{"}"}
        """;

    [Fact]
    public async Task Put_PlacementNoNodeSatisfies_GetShowsWhyAndTheNodeGetsNothing()
    {
        // The simulated node reports amd64, docker, 2000m and 1 GiB.
        await using var node = new SimulatedNode("place-1", "127.0.0.1", _plane.MqttPort, ("site", "placement-test"));
        await node.ConnectAsync();
        await node.PublishStatusAsync();
        await _plane.WaitForNodeAsync("place-1", n => n.GetProperty("presence").GetString() == "online");

        var (status, _) = await _plane.PutDeploymentAsync("cam", Yaml("cam", "{arch: [arm64], count: 2}"));
        var got = await _plane.GetJsonAsync("/api/v1/deployments/cam");

        Assert.Equal(201, status);
        Assert.Equal(0, got.GetProperty("nodes").GetArrayLength());
        Assert.Equal(2, got.GetProperty("placement").GetProperty("count").GetInt32());
        var placement = got.GetProperty("placementStatus");
        Assert.Equal(
            "cannot place 2 of 2: 1 node matches selector site=placement-test; place-1: arch amd64 not in [arm64]",
            placement.GetProperty("cannotPlace").GetString());
        Assert.Equal((2, 0), (placement.GetProperty("wanted").GetInt32(), placement.GetProperty("placed").GetInt32()));
        var refused = Assert.Single(placement.GetProperty("refused").EnumerateArray());
        Assert.Equal(("arch amd64 not in [arm64]", 1, "place-1"),
            (refused.GetProperty("reason").GetString(), refused.GetProperty("count").GetInt32(), refused.GetProperty("nodes")[0].GetString()));
        Assert.Null(node.Latest); // nothing was issued to the node

        // The answer applied again is the same deployment (placement block and status read back).
        var (again, body) = await _plane.PutDeploymentAsync("cam", got.GetRawText());
        Assert.Equal((200, 1L), (again, body.GetProperty("generation").GetInt64()));
    }

    [Fact]
    public async Task Put_BadPlacementBlock_400NamingEachFieldAndNothingStored()
    {
        var (status, problem) = await _plane.PutDeploymentAsync("bad", Yaml("bad", "{count: -1, runtimes: [dokcer]}"));

        Assert.Equal(400, status);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("line").GetInt32())).ToList();
        Assert.Contains(("placement.count", 3), errors);
        Assert.Contains(("placement.runtimes[0]", 3), errors);
        using var get = await _plane.Http.GetAsync("/api/v1/deployments/bad");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, get.StatusCode);
    }
}
