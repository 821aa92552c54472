using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.Messaging;

/// <summary>The plane on a real Mosquitto (--broker), with simulated nodes on the same broker.</summary>
public sealed class ExternalBrokerTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private PlaneProcess _plane = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(persistence: true, extraConfig: "max_queued_messages 100000\n");
        _plane = await PlaneProcess.StartAsync("--broker", _broker.Url);
    }

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private SimulatedNode Node(string id, params (string, string)[] labels) => new(id, "127.0.0.1", _broker.Port, labels);

    [Fact]
    public async Task Deploy_ThroughMosquitto_NodeGetsDesiredAndAckIsSeen()
    {
        await using var node = Node("ext-1", ("site", "m"));
        await node.ConnectAsync();
        await node.PublishStatusAsync();
        await _plane.WaitForNodeAsync("ext-1", n => n.GetProperty("presence").GetString() == "online");

        await _plane.PutDeploymentAsync("mq", TestDeployments.Yaml("mq", "{site: m}"));
        var desired = await node.WaitForDesiredAsync(d => d.Revision == 1);
        node.ObservedRevision = desired.Revision;
        await node.PublishStatusAsync();
        await _plane.WaitForNodeAsync("ext-1", n => n.GetProperty("inSync").GetBoolean() && n.GetProperty("desiredRevision").GetInt64() == 1);
    }

    [Fact]
    public async Task PlaneRestart_RebuildsNodeViewFromRetainedStatus()
    {
        await using var node = Node("ext-2", ("site", "m"));
        await node.ConnectAsync();
        node.ObservedRevision = 0;
        await node.PublishStatusAsync();
        await _plane.WaitForNodeAsync("ext-2", _ => true);

        // Lose the plane's store entirely: the node's retained status brings it back.
        await _plane.KillAsync();
        Directory.Delete(_plane.StateDir, recursive: true);
        await _plane.RestartAsync();
        var got = await _plane.WaitForNodeAsync("ext-2", _ => true, TimeSpan.FromSeconds(20));
        Assert.Equal("m", got.GetProperty("labels").GetProperty("site").GetString());
    }

    [Fact]
    public async Task BrokerDown_PlaneServesApi_AndDeliversWhenBrokerBack()
    {
        await using var node = Node("ext-3", ("site", "d"));
        await node.ConnectAsync();
        await node.PublishStatusAsync();
        await _plane.WaitForNodeAsync("ext-3", _ => true);

        await _broker.StopAsync();
        var (status, _) = await _plane.PutDeploymentAsync("offline", TestDeployments.Yaml("offline", "{site: d}"));
        Assert.Equal(201, status);
        await _broker.StartAgainAsync();

        await using var back = Node("ext-3", ("site", "d"));
        await back.ConnectAsync();
        var desired = await back.WaitForDesiredAsync(d => d.Workloads.Count == 1, TimeSpan.FromSeconds(40));
        Assert.Equal("offline", desired.Workloads[0].Labels["edgemano.deployment"]);
    }
}
