using EdgeMano.Proto.V1;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMano.Plane.Host.Tests.Infrastructure;

/// <summary>
/// A node speaking the real MQTT protocol to a broker, without an agent: it reports a status with
/// its labels, and collects the desired states it receives. For plane behaviour that needs no runtime.
/// </summary>
public sealed class SimulatedNode : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<DesiredState> _received = [];

    public SimulatedNode(string nodeId, string brokerHost, int brokerPort, params (string Key, string Value)[] labels)
    {
        NodeId = nodeId;
        Host = brokerHost;
        Port = brokerPort;
        foreach (var (k, v) in labels) Labels[k] = v;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            lock (_received) _received.Add(DesiredState.Parser.ParseFrom(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
    }

    public string NodeId { get; }
    public string Host { get; }
    public int Port { get; }
    public Dictionary<string, string> Labels { get; } = new();
    public long ObservedRevision { get; set; }
    public IMqttClient Client => _client;

    public IReadOnlyList<DesiredState> Received { get { lock (_received) return _received.ToList(); } }

    public DesiredState? Latest => Received.MaxBy(d => d.Revision);

    public async Task ConnectAsync()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(Host, Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(NodeTopics.AgentClientId(NodeId))
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .Build();
        await _client.ConnectAsync(options);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(NodeTopics.Desired(NodeId), MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    public NodeStatus Status()
    {
        var info = new NodeInfo { NodeId = NodeId, Arch = "amd64", Runtime = "docker", AgentVersion = "sim", Capacity = new Capacity { CpuMillis = 2000, MemoryBytes = 1L << 30 } };
        info.Labels.Add(Labels);
        return new NodeStatus { NodeId = NodeId, ObservedRevision = ObservedRevision, Node = info };
    }

    public Task<MqttClientPublishResult> PublishStatusAsync(NodeStatus? status = null) =>
        PublishAsync(NodeTopics.Status(NodeId), (status ?? Status()).ToByteArray(), retain: true);

    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    /// <summary>Waits until a desired state satisfying <paramref name="predicate"/> arrived.</summary>
    public async Task<DesiredState> WaitForDesiredAsync(Func<DesiredState, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (Received.LastOrDefault(predicate) is { } match) return match;
            await Task.Delay(50);
        }
        throw new TimeoutException($"node {NodeId}: no matching desired state; received revisions [{string.Join(", ", Received.Select(r => r.Revision))}]");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
