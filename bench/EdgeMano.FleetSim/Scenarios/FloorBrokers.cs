using EdgeMano.FleetSim.Processes;
using EdgeMano.Proto.V1;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>The bare broker of a floor phase, and where node acks are collected.</summary>
internal interface IFloorBroker : IAsyncDisposable
{
    int Port { get; }

    /// <summary>Starts collecting node statuses for these nodes (before they connect).</summary>
    Task<IAckSource> StartCollectorAsync(IReadOnlyList<string> nodeIds, CancellationToken ct);

    /// <summary>
    /// Hands every node its desired state without a publisher client (the embedded "direct" floor);
    /// false when this broker has no such path and the publisher must be used.
    /// </summary>
    Task<bool> TryDeliverAllAsync(long revision, string version);

    IEnumerable<(string Name, double Value)> Resources();
}

/// <summary>
/// Mosquitto, read the way the plane's ExternalBroker reads it: 4 connections in one $share group
/// subscribed QoS 1 to every node's status, events and presence.
/// </summary>
internal sealed class MosquittoFloorBroker(MosquittoServer mosquitto) : IFloorBroker
{
    public const int Connections = 4;
    private readonly List<IMqttClient> _clients = [];

    public int Port => mosquitto.Port;

    public async Task<IAckSource> StartCollectorAsync(IReadOnlyList<string> nodeIds, CancellationToken ct)
    {
        var collector = new AckCollector(nodeIds);
        for (var i = 0; i < Connections; i++)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                if (NodeTopics.TryParse(e.ApplicationMessage.Topic, out var node, out var kind) && kind == NodeTopicKind.Status)
                    collector.OnStatus(node, e.ApplicationMessage.Payload);
                return Task.CompletedTask;
            };
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", Port)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .WithClientId($"fleetsim-floor-collector-{i}")
                .WithCleanStart()
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                .Build(), ct);
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var kind in new[] { NodeTopicKind.Status, NodeTopicKind.Events, NodeTopicKind.Presence })
                subscribe.WithTopicFilter($"$share/fleetsim-floor/{NodeTopics.AllNodes(kind)}", MqttQualityOfServiceLevel.AtLeastOnce);
            await client.SubscribeAsync(subscribe.Build(), ct);
            _clients.Add(client);
        }
        return collector;
    }

    public Task<bool> TryDeliverAllAsync(long revision, string version) => Task.FromResult(false);

    public IEnumerable<(string Name, double Value)> Resources()
    {
        yield return ("broker_rss_kb", mosquitto.Process.Memory().RssKb);
        yield return ("broker_cpu_s", mosquitto.Process.CpuSeconds());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
        {
            try { if (c.IsConnected) await c.DisconnectAsync(); }
            catch (Exception) { /* the broker may be gone already */ }
            c.Dispose();
        }
        await mosquitto.DisposeAsync();
    }
}
