using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Proto.V1;
using EdgeMano.Testing;
using MQTTnet.Protocol;

namespace EdgeMano.Plane.Host.Tests.Messaging;

/// <summary>Simulated nodes on the plane's embedded broker: registration, delivery, bad payloads, topic rules.</summary>
public sealed class NodeTrafficTests : IAsyncLifetime
{
    private PlaneProcess _plane = null!;

    public async Task InitializeAsync() => _plane = await PlaneProcess.StartAsync();

    public async Task DisposeAsync() => await _plane.DisposeAsync();

    private SimulatedNode Node(string id, params (string, string)[] labels) => new(id, "127.0.0.1", _plane.MqttPort, labels);

    [Fact]
    public async Task Status_NewNode_RegisteredWithLabelsAndOnline()
    {
        await using var node = Node("reg-1", ("site", "a"));
        await node.ConnectAsync();
        await node.PublishStatusAsync();

        var got = await _plane.WaitForNodeAsync("reg-1", n => n.GetProperty("presence").GetString() == "online");
        Assert.Equal("a", got.GetProperty("labels").GetProperty("site").GetString());
        Assert.Equal("amd64", got.GetProperty("arch").GetString());
        Assert.Equal(2000, got.GetProperty("capacity").GetProperty("cpuMillis").GetInt64());
    }

    [Fact]
    public async Task Deploy_MatchingNode_ReceivesRevisionOneAndOthersNothing()
    {
        await using var a = Node("fan-a", ("site", "a"));
        await using var b = Node("fan-b", ("site", "b"));
        foreach (var n in new[] { a, b }) { await n.ConnectAsync(); await n.PublishStatusAsync(); }
        await _plane.WaitForNodeAsync("fan-b", _ => true);

        var (status, body) = await _plane.PutDeploymentAsync("web", TestDeployments.Yaml("web", "{site: a}"));
        Assert.Equal(201, status);

        var desired = await a.WaitForDesiredAsync(d => d.Revision == 1);
        Assert.Equal("web", Assert.Single(desired.Workloads).Name);
        Assert.Equal("fan-a", desired.NodeId);
        Assert.Equal("plane", desired.Source);
        await Task.Delay(500);
        Assert.Empty(b.Received);
        Assert.Equal(new[] { "fan-a" }, body.GetProperty("nodes").EnumerateArray().Select(n => n.GetString() ?? "").ToArray());
    }

    [Fact]
    public async Task Deploy_NodeJoinsLater_GetsRetainedLatestOnly()
    {
        await _plane.PutDeploymentAsync("late", TestDeployments.Yaml("late", "{site: z}", env: "v1"));
        await _plane.PutDeploymentAsync("late", TestDeployments.Yaml("late", "{site: z}", env: "v2"));

        await using var node = Node("late-1", ("site", "z"));
        await node.ConnectAsync();
        await node.PublishStatusAsync();
        var desired = await node.WaitForDesiredAsync(d => d.Workloads.Count == 1);
        Assert.Equal("v2", desired.Workloads[0].Env["VERSION"]);
        Assert.Equal(1, desired.Revision);
        Assert.Single(node.Received);
    }

    [Fact]
    public async Task Ack_ObservedRevision_NodeInSync()
    {
        await using var node = Node("ack-1", ("role", "x"));
        await node.ConnectAsync();
        await node.PublishStatusAsync();
        await _plane.PutDeploymentAsync("acked", TestDeployments.Yaml("acked", "{role: x}"));
        var desired = await node.WaitForDesiredAsync(_ => true);

        node.ObservedRevision = desired.Revision;
        await node.PublishStatusAsync();
        var got = await _plane.WaitForNodeAsync("ack-1", n => n.GetProperty("inSync").GetBoolean());
        Assert.Equal(desired.Revision, got.GetProperty("observedRevision").GetInt64());
    }

    [Fact]
    public async Task Restart_Plane_NodeStillFindsLatestDesiredRetained()
    {
        await using (var node = Node("rs-1", ("site", "r")))
        {
            await node.ConnectAsync();
            await node.PublishStatusAsync();
            await _plane.WaitForNodeAsync("rs-1", _ => true);
        }
        await _plane.PutDeploymentAsync("persist", TestDeployments.Yaml("persist", "{site: r}"));
        await _plane.RestartAsync();

        await using var again = Node("rs-1", ("site", "r"));
        await again.ConnectAsync();
        var desired = await again.WaitForDesiredAsync(_ => true);
        Assert.Equal("persist", desired.Workloads[0].Labels["edgemano.deployment"]);
        var got = await _plane.GetJsonAsync("/api/v1/nodes/rs-1");
        Assert.Equal(1, got.GetProperty("desiredRevision").GetInt64());
    }

    [Fact]
    public async Task GarbageAndOversizedPayloads_DroppedCountedPlaneKeepsServing()
    {
        await using var node = Node("bad-1");
        await node.ConnectAsync();
        await node.PublishAsync(NodeTopics.Status("bad-1"), [0xff, 0xfe, 0x00, 0x13, 0x37]);
        await node.PublishAsync(NodeTopics.Events("bad-1"), "not protobuf at all"u8.ToArray());
        await node.PublishAsync(NodeTopics.Status("bad-1"), new byte[2 * 1024 * 1024]);
        var wrongNode = node.Status();
        wrongNode.NodeId = "someone-else";
        await node.PublishAsync(NodeTopics.Status("bad-1"), Google.Protobuf.MessageExtensions.ToByteArray(wrongNode));

        var metrics = "";
        for (var i = 0; i < 40 && !metrics.Contains("edgemano_plane_node_payloads_dropped_total 4"); i++)
        {
            await Task.Delay(100);
            metrics = await _plane.Http.GetStringAsync("/metrics");
        }
        Assert.Contains("edgemano_plane_node_payloads_dropped_total 4", metrics);
        // Logged once per node and kind, not once per message.
        Assert.Single(_plane.Log.Split('\n'), l => l.Contains("Dropped a status from node bad-1"));
        await node.PublishStatusAsync();
        await _plane.WaitForNodeAsync("bad-1", n => n.GetProperty("presence").GetString() == "online");
    }

    [Fact]
    public async Task Agent_PublishingForAnotherNode_NotAuthorized()
    {
        await using var node = Node("acl-1");
        await node.ConnectAsync();
        var result = await node.PublishAsync(NodeTopics.Status("acl-2"), node.Status().ToByteArrayForTest());
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        var desired = await node.PublishAsync(NodeTopics.Desired("acl-1"), [1, 2, 3]);
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NotAuthorized, desired.ReasonCode);
        using var response = await _plane.Http.GetAsync("/api/v1/nodes/acl-2");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Events_Stored_ListedOldestFirstWithoutDuplicates()
    {
        await using var node = Node("ev-1");
        await node.ConnectAsync();
        await node.PublishStatusAsync();
        foreach (var seq in new long[] { 1, 2, 2, 3 })
        {
            var e = new Event { NodeId = "ev-1", Sequence = seq, Workload = "web", Reason = "Started", Message = $"m{seq}", Severity = "info" };
            await node.PublishAsync(NodeTopics.Events("ev-1"), Google.Protobuf.MessageExtensions.ToByteArray(e));
        }
        var items = Array.Empty<long>();
        for (var i = 0; i < 40 && items.Length < 3; i++)
        {
            await Task.Delay(100);
            var list = await _plane.GetJsonAsync("/api/v1/nodes/ev-1/events");
            items = list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        }
        Assert.Equal([1L, 2L, 3L], items);
    }
}

internal static class ProtoTestExtensions
{
    public static byte[] ToByteArrayForTest(this NodeStatus status) => Google.Protobuf.MessageExtensions.ToByteArray(status);
}
