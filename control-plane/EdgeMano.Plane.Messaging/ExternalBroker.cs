using EdgeMano.Proto.V1;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMano.Plane.Messaging;

/// <summary>
/// An external MQTT 5 broker (Mosquitto, EMQX, ...). Node traffic comes in over several
/// connections sharing one subscription group ($share), so no single client queue carries the
/// whole fleet, each with a persistent session so that events published while the plane is down
/// wait at the broker; desired state goes out retained at QoS 1. At start one plain subscription also
/// reads the nodes' retained status and presence, to rebuild the view after any loss, and is
/// dropped once the broker has sent them.
/// </summary>
public sealed class ExternalBroker : INodeLink
{
    public const string ShareGroup = "edgemano-plane";
    private const int Connections = 4;
    private const uint SessionExpirySeconds = 7 * 24 * 3600;

    private readonly string _host;
    private readonly int _port;
    private readonly ILogger _logger;
    private readonly List<IMqttClient> _clients = [];
    private readonly CancellationTokenSource _stopping = new();
    private INodeTrafficSink? _sink;

    public ExternalBroker(string host, int port, ILogger<ExternalBroker> logger)
    {
        _host = host;
        _port = port;
        _logger = logger;
    }

    public string Description => $"external broker mqtt://{_host}:{_port}";

    public bool IsUp => _clients.Count > 0 && _clients.All(c => c.IsConnected);

    public Task StartAsync(INodeTrafficSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        var factory = new MqttClientFactory();
        for (var i = 0; i < Connections; i++)
        {
            var client = factory.CreateMqttClient();
            var index = i;
            client.ApplicationMessageReceivedAsync += OnMessageAsync;
            client.DisconnectedAsync += e =>
            {
                if (!_stopping.IsCancellationRequested)
                {
                    MessagingLog.ExternalDisconnected(_logger, Description, index, e.Reason.ToString());
                    _ = Task.Run(() => KeepConnectedAsync(client, index));
                }
                return Task.CompletedTask;
            };
            _clients.Add(client);
        }
        // Connecting runs in the background: the plane serves its API with the broker down and
        // catches up when it comes.
        for (var i = 0; i < _clients.Count; i++)
        {
            var (client, index) = (_clients[i], i);
            _ = Task.Run(() => KeepConnectedAsync(client, index), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public async Task PublishDesiredAsync(string nodeId, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(NodeTopics.Desired(nodeId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
        // Spread publishes over the connections; the node id picks one, so one node's revisions stay in order.
        var client = _clients[(int)((uint)StringComparer.Ordinal.GetHashCode(nodeId) % (uint)_clients.Count)];
        if (!client.IsConnected) throw new IOException($"{Description} is not connected");
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new IOException($"{Description} refused the publish: {result.ReasonCode} {result.ReasonString}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var client in _clients)
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Already gone.
            }
            client.Dispose();
        }
        _stopping.Dispose();
    }

    private async Task KeepConnectedAsync(IMqttClient client, int index)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!_stopping.IsCancellationRequested && !client.IsConnected)
        {
            try
            {
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(_host, _port)
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    // Stable ids and persistent sessions: while the plane is down the broker keeps
                    // queueing node events for the group (an agent counts an event delivered on its
                    // PUBACK, so a broker with no subscriber would drop it for good).
                    .WithClientId($"edgemano-plane-{index}")
                    .WithCleanStart(false)
                    .WithSessionExpiryInterval(SessionExpirySeconds)
                    .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                    .Build();
                await client.ConnectAsync(options, _stopping.Token).ConfigureAwait(false);
                await SubscribeAsync(client, index).ConfigureAwait(false);
                if (index == 0) MessagingLog.ExternalConnected(_logger, Description, _clients.Count);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                MessagingLog.ExternalConnectFailed(_logger, Description, ex.Message, delay);
                try
                {
                    await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 500)), _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
        }
    }

    private async Task SubscribeAsync(IMqttClient client, int index)
    {
        var shared = new MqttClientSubscribeOptionsBuilder();
        foreach (var kind in new[] { NodeTopicKind.Status, NodeTopicKind.Events, NodeTopicKind.Presence })
            shared.WithTopicFilter($"$share/{ShareGroup}/{NodeTopics.AllNodes(kind)}", MqttQualityOfServiceLevel.AtLeastOnce);
        await client.SubscribeAsync(shared.Build(), _stopping.Token).ConfigureAwait(false);
        if (index != 0) return;
        // Shared subscriptions get no retained messages (MQTT 5, 4.8.2): read them once with a
        // plain subscription, then drop it so live traffic is not received twice.
        var plain = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(NodeTopics.AllNodes(NodeTopicKind.Status), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(NodeTopics.AllNodes(NodeTopicKind.Presence), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await client.SubscribeAsync(plain, _stopping.Token).ConfigureAwait(false);
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), _stopping.Token).ConfigureAwait(false);
            var unsubscribe = new MqttClientUnsubscribeOptionsBuilder()
                .WithTopicFilter(NodeTopics.AllNodes(NodeTopicKind.Status))
                .WithTopicFilter(NodeTopics.AllNodes(NodeTopicKind.Presence))
                .Build();
            if (client.IsConnected) await client.UnsubscribeAsync(unsubscribe, _stopping.Token).ConfigureAwait(false);
        });
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (_sink is null || !NodeTopics.TryParse(message.Topic, out var nodeId, out var kind)) return Task.CompletedTask;
        switch (kind)
        {
            case NodeTopicKind.Status: _sink.OnStatus(nodeId, message.Payload); break;
            case NodeTopicKind.Events: _sink.OnEvent(nodeId, message.Payload); break;
            case NodeTopicKind.Presence: _sink.OnPresence(nodeId, message.ConvertPayloadToString() == NodeTopics.Online); break;
        }
        return Task.CompletedTask;
    }
}
