using System.Collections.Concurrent;
using System.Net;
using EdgeMano.Proto.V1;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeMano.Plane.Messaging;

/// <summary>
/// The plane's own MQTT 5 broker (MQTTnet.Server), the default for a site. MQTTnet matches every
/// published message against every session and scans every retained message on every subscribe,
/// which at thousands of nodes costs seconds per fan-out or reconnect storm. So nothing a node
/// needs goes through that matching:
/// - node traffic is taken in-process as it is published (no plane subscription whose queue could
///   overflow), and is only passed on to subscribers when an observer (any client that is neither an
///   agent nor the plane, e.g. mosquitto_sub) is connected, without its retain flag;
/// - desired state is kept here, latest per node, and handed straight to the node's own session
///   when issued and whenever the node subscribes to its desired topic (which the agent does on
///   every connect), instead of being a retained message. Observers do not see desired state.
/// </summary>
public sealed class EmbeddedBroker : INodeLink
{
    /// <summary>Client id the plane's injected messages carry.</summary>
    public const string PlaneClientId = "edgemano-plane";

    private readonly IPAddress _address;
    private readonly int _port;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _connectedAgents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _connectedObservers = new(StringComparer.Ordinal);
    /// <summary>Latest desired state per node id, what a node gets when it (re)subscribes.</summary>
    private readonly ConcurrentDictionary<string, MqttApplicationMessage> _latestDesired = new(StringComparer.Ordinal);
    private MqttServer? _server;
    private INodeTrafficSink? _sink;

    public EmbeddedBroker(IPAddress address, int port, ILogger<EmbeddedBroker> logger)
    {
        _address = address;
        _port = port;
        _logger = logger;
    }

    public string Description => $"embedded MQTT broker on {_address}:{_port}";

    public bool IsUp => _server?.IsStarted == true;

    public async Task StartAsync(INodeTrafficSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(_address)
            .WithDefaultEndpointPort(_port)
            .WithPersistentSessions()
            // Only desired state is ever queued to an agent, and only the latest matters.
            .WithMaxPendingMessagesPerClient(1000)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.InterceptingPublishAsync += OnPublishAsync;
        _server.InterceptingSubscriptionAsync += OnSubscribeAsync;
        _server.ClientSubscribedTopicAsync += OnSubscribedAsync;
        _server.ClientConnectedAsync += OnConnectedAsync;
        _server.ClientDisconnectedAsync += OnDisconnectedAsync;
        await _server.StartAsync().ConfigureAwait(false);
        MessagingLog.EmbeddedStarted(_logger, _address.ToString(), _port);
    }

    public async Task PublishDesiredAsync(string nodeId, byte[] payload, CancellationToken cancellationToken)
    {
        if (_server is null) throw new InvalidOperationException("the embedded broker is not started");
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(NodeTopics.Desired(nodeId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
        // The kept copy is what a node gets when it (re)subscribes after being away. An absent node
        // is not queued a copy: it would replay every revision issued while it was away.
        _latestDesired[nodeId] = message;
        await HandToSessionAsync(nodeId, message).ConfigureAwait(false);
    }

    /// <summary>Queues the message in the node's session when the node is connected.</summary>
    private async Task HandToSessionAsync(string nodeId, MqttApplicationMessage message)
    {
        var clientId = NodeTopics.AgentClientId(nodeId);
        if (_server is not { } server || !_connectedAgents.ContainsKey(clientId)) return;
        try
        {
            var session = await server.GetSessionAsync(clientId).ConfigureAwait(false);
            session.TryEnqueueApplicationMessage(message, out _);
        }
        catch (InvalidOperationException)
        {
            // The session went away since the connected check; the kept copy covers it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
        _server = null;
    }

    private Task OnConnectedAsync(ClientConnectedEventArgs e)
    {
        if (NodeTopics.NodeOfClientId(e.ClientId) is { } node)
        {
            _connectedAgents[e.ClientId] = 0;
            _sink?.OnPresence(node, true);
        }
        else if (e.ClientId != PlaneClientId)
        {
            _connectedObservers[e.ClientId] = 0;
        }
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // A takeover (same client id reconnecting) also ends the old connection: only a real
        // departure marks the node offline.
        if (e.DisconnectType == MqttClientDisconnectType.Takeover) return Task.CompletedTask;
        _connectedObservers.TryRemove(e.ClientId, out _);
        if (NodeTopics.NodeOfClientId(e.ClientId) is { } node && _connectedAgents.TryRemove(e.ClientId, out _))
            _sink?.OnPresence(node, false);
        return Task.CompletedTask;
    }

    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (e.ClientId == PlaneClientId) return Task.CompletedTask;
        var isNodeTopic = NodeTopics.TryParse(topic, out var nodeId, out var kind);
        var agentNode = NodeTopics.NodeOfClientId(e.ClientId);
        if (isNodeTopic && (agentNode != nodeId || kind == NodeTopicKind.Desired))
        {
            // Only the node itself may speak for a node, and only the plane may set its intent.
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            MessagingLog.TopicRefused(_logger, "publish", e.ClientId, topic);
            return Task.CompletedTask;
        }
        if (!isNodeTopic) return Task.CompletedTask;
        // Matching the message against every session is the broker's costliest step at fleet size;
        // the plane has taken it already, so only observers would still want it.
        if (_connectedObservers.IsEmpty) e.ProcessPublish = false;
        else e.ApplicationMessage.Retain = false;
        if (_sink is null) return Task.CompletedTask;
        switch (kind)
        {
            case NodeTopicKind.Status: _sink.OnStatus(nodeId, e.ApplicationMessage.Payload); break;
            case NodeTopicKind.Events: _sink.OnEvent(nodeId, e.ApplicationMessage.Payload); break;
            case NodeTopicKind.Presence:
                _sink.OnPresence(nodeId, e.ApplicationMessage.ConvertPayloadToString() == NodeTopics.Online);
                break;
        }
        return Task.CompletedTask;
    }

    private Task OnSubscribedAsync(ClientSubscribedTopicEventArgs e)
    {
        if (NodeTopics.NodeOfClientId(e.ClientId) is { } node && e.TopicFilter.Topic == NodeTopics.Desired(node)
            && _latestDesired.TryGetValue(node, out var message))
            return HandToSessionAsync(node, message);
        return Task.CompletedTask;
    }

    private Task OnSubscribeAsync(InterceptingSubscriptionEventArgs e)
    {
        // An agent reads only its own desired state; other clients (operators' tools) may watch anything.
        if (NodeTopics.NodeOfClientId(e.ClientId) is not { } node) return Task.CompletedTask;
        if (e.TopicFilter.Topic == NodeTopics.Desired(node)) return Task.CompletedTask;
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        MessagingLog.TopicRefused(_logger, "subscription", e.ClientId, e.TopicFilter.Topic);
        return Task.CompletedTask;
    }
}
