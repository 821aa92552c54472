using EdgeMano.Proto.V1;
using WorkloadSpec = EdgeMano.Agent.Core.Model.WorkloadSpec;
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
        _client.ApplicationMessageReceivedAsync += async e =>
        {
            var desired = DesiredState.Parser.ParseFrom(e.ApplicationMessage.Payload);
            lock (_received) _received.Add(desired);
            if (HealthOf is { } health) await RunAsync(desired, health);
        };
    }

    public string NodeId { get; }
    public string Host { get; }
    public int Port { get; }
    public Dictionary<string, string> Labels { get; } = new();
    public long ObservedRevision { get; set; }
    public IMqttClient Client => _client;

    public IReadOnlyList<DesiredState> Received { get { lock (_received) return _received.ToList(); } }

    /// <summary>
    /// When set, the node acts like an agent that runs what it is told: for each desired state it
    /// reports that revision with every workload Running, at the spec hash an agent would report,
    /// and the health this function gives it.
    /// </summary>
    public Func<WorkloadSpec, string>? HealthOf { get; set; }

    private readonly SemaphoreSlim _reporting = new(1, 1);

    private async Task RunAsync(DesiredState desired, Func<WorkloadSpec, string> healthOf)
    {
        await _reporting.WaitAsync();
        try
        {
            if (desired.Revision < ObservedRevision) return; // an older retained copy
            ObservedRevision = desired.Revision;
            var status = Status();
            status.ReportedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            foreach (var workload in desired.Workloads)
            {
                var spec = EdgeMano.Agent.Store.Mapping.DesiredStateProtoMapper.FromProto(workload);
                status.Workloads.Add(new WorkloadStatus
                {
                    Name = spec.Name, Phase = "Running", Health = healthOf(spec), SpecHash = EdgeMano.Agent.Core.Model.SpecHash.Compute(spec),
                });
            }
            await PublishStatusAsync(status);
        }
        finally
        {
            _reporting.Release();
        }
    }

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
