using System.Text;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Uplink.Intake;
using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Reporting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMano.Agent.Uplink.Mqtt;

/// <summary>
/// The MQTT 5 link: one persistent session (client id em-agent-{node}, clean start off, long session
/// expiry) that subscribes QoS 1 to the node's desired topic on every connect, so the latest retained
/// revision arrives after any outage. Desired state is persisted before it is acknowledged (manual
/// PUBACK); status and events go out through the <see cref="ReportPump"/>. Presence is a retained
/// "online" on connect and a retained "offline" Last Will (also published on a clean stop).
/// </summary>
internal sealed class MqttUplink : IUplink
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);
    private readonly UplinkOptions _options;
    private readonly INodeStateSource _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NodeTopics _topics;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly DesiredStateReceiver _receiver;
    private readonly ReportPump _pump;
    private readonly IAgentStore _store;
    private readonly LinkState _state;
    private TaskCompletionSource<string> _disconnected = NewDisconnected();
    private CancellationToken _stopping;

    public MqttUplink(UplinkOptions options, IAgentStore store, INodeStateSource node, TimeProvider time, ILogger logger)
    {
        _options = options;
        _node = node;
        _time = time;
        _logger = logger;
        _topics = new NodeTopics(options.NodeId);
        _store = store;
        _receiver = new DesiredStateReceiver(options, store, logger);
        _pump = new ReportPump(options, store, node, new StatusBuilder(options, store, node, time), time, logger);
        _state = new LinkState("mqtt", options.Endpoint, time, logger);
        _clientOptions = BuildClientOptions(options, _topics);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += e =>
        {
            _disconnected.TrySetResult(DescribeDisconnect(e));
            return Task.CompletedTask;
        };
    }

    public LinkStatus Status => _state.Status;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        await LinkLoop.RunAsync(_options, _state, _time, async ct =>
        {
            await ConnectAsync(ct).ConfigureAwait(false);
            return await ServeAsync(ct).ConfigureAwait(false);
        }, ForceDisconnectAsync, cancellationToken).ConfigureAwait(false);
        await GoOfflineAsync().ConfigureAwait(false);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _disconnected = NewDisconnected();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        MqttClientConnectResult result;
        try
        {
            result = await _client.ConnectAsync(_clientOptions, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LinkException($"no CONNACK within {_options.OperationTimeout.TotalSeconds:0} s");
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            throw new LinkException($"the broker refused the connection: {ex.Message}", ex);
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new LinkException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());

        await PublishPresenceAsync(NodeTopics.Online, cancellationToken).ConfigureAwait(false);
        await SubscribeDesiredAsync(cancellationToken).ConfigureAwait(false);
        _state.Connected(result.IsSessionPresent ? " (session resumed)" : " (new session)");
    }

    /// <summary>Runs the report pump until the connection ends; returns why it ended.</summary>
    private async Task<string> ServeAsync(CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = _pump.RunAsync(new MqttReportSink(_client, _topics, _logger), connection.Token);
        var ended = await Task.WhenAny(_disconnected.Task, pump).ConfigureAwait(false);
        connection.Cancel();
        string reason;
        if (ended == pump)
        {
            try { await pump.ConfigureAwait(false); reason = "report pump stopped"; }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
            catch (Exception ex) { reason = LinkLoop.Describe(ex); }
        }
        else
        {
            reason = await _disconnected.Task.ConfigureAwait(false);
            try { await pump.ConfigureAwait(false); }
            catch (Exception) { /* the connection is gone; its pump's failure says nothing new */ }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return reason;
    }

    private async Task SubscribeDesiredAsync(CancellationToken cancellationToken)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(_topics.Desired).WithAtLeastOnceQoS().WithRetainHandling(RetainHandling()))
            .Build();
        MqttClientSubscribeResult result;
        try
        {
            result = await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new LinkException($"subscribe to {_topics.Desired} failed: {LinkErrors.Describe(ex)}", ex);
        }
        var code = result.Items.FirstOrDefault()?.ResultCode;
        if (code is not (MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            throw new LinkException($"the broker refused the subscription to {_topics.Desired}: {code?.ToString() ?? "no answer"}");
    }

    private async Task PublishPresenceAsync(string presence, CancellationToken cancellationToken)
    {
        var result = await MqttReportSink.PublishAsync(_client, _topics.Presence, Encoding.UTF8.GetBytes(presence), retain: true, cancellationToken).ConfigureAwait(false);
        if (!MqttReportSink.Delivered(result))
            throw new LinkException($"the broker refused presence on {_topics.Presence}: {MqttReportSink.Reason(result)}");
    }

    /// <summary>Desired state: persist, then PUBACK, then wake the reconciler; everything else is acked and ignored.</summary>
    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.Topic != _topics.Desired) return;
        e.AutoAcknowledge = false;
        var receipt = _receiver.Receive(e.ApplicationMessage.Payload);
        if (!receipt.Acknowledge)
        {
            // The store failed: no PUBACK. Drop the connection so the broker delivers it again after the backoff.
            _disconnected.TrySetResult("the desired state could not be persisted");
            return;
        }
        try
        {
            await e.AcknowledgeAsync(_stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lost before the PUBACK went out: persisted anyway; the broker redelivers and intake finds it in force.
            _disconnected.TrySetResult($"acknowledging the desired state failed: {LinkErrors.Describe(ex)}");
        }
        catch (OperationCanceledException) { }
        if (receipt.Outcome == DesiredOutcome.Accepted) _node.Trigger();
        // Accepted or not, the plane learns which revision is in force.
        _pump.RequestStatus();
    }

    private async Task ForceDisconnectAsync()
    {
        if (!_client.IsConnected) return;
        try
        {
            using var timeout = new CancellationTokenSource(ShutdownTimeout);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* already broken */ }
    }

    /// <summary>A clean stop: say "offline" (a normal DISCONNECT does not fire the Will) and leave the session for the next start.</summary>
    private async Task GoOfflineAsync()
    {
        if (!_client.IsConnected) return;
        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        try
        {
            await PublishPresenceAsync(NodeTopics.Offline, timeout.Token).ConfigureAwait(false);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* best effort: the Will says offline if this did not get through */ }
        _state.Lost("agent stopping");
    }

    /// <summary>
    /// The session is persistent, so while the subscription lives the broker queues every desired
    /// state published for this node; the retained copy again on each reconnect would only repeat
    /// the last of them (a reconnect storm then carried every node's state twice or more). So the
    /// retained copy is asked for only when the broker has no subscription yet (a new or expired
    /// session), or when this agent holds nothing it got from the plane (a fresh or reset store, or
    /// only a local apply): then the queue cannot stand in for it.
    /// </summary>
    private MqttRetainHandling RetainHandling()
    {
        DesiredState? held;
        try
        {
            held = _store.LoadDesired();
        }
        catch (IOException)
        {
            held = null;
        }
        return held is not null && held.Source != "local" ? MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly : MqttRetainHandling.SendAtSubscribe;
    }

    private static MqttClientOptions BuildClientOptions(UplinkOptions options, NodeTopics topics)
    {
        var broker = options.Broker ?? throw new ArgumentException("no broker configured", nameof(options));
        return new MqttClientOptionsBuilder()
            .WithTcpServer(broker.DnsSafeHost, broker.IsDefaultPort || broker.Port <= 0 ? 1883 : broker.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(topics.ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)Math.Min(uint.MaxValue - 1, options.SessionExpiry.TotalSeconds))
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.OperationTimeout)
            // Guards memory against a huge retained payload: the broker drops what is larger (the receiver logs 4 MiB+ ones it still gets).
            .WithMaximumPacketSize((uint)options.MaxDesiredBytes * 2)
            .WithWillTopic(topics.Presence)
            .WithWillPayload(NodeTopics.Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
    }

    private static string DescribeDisconnect(MqttClientDisconnectedEventArgs e) =>
        e.Exception is { } ex ? LinkErrors.Describe(ex)
        : !string.IsNullOrEmpty(e.ReasonString) ? $"{e.Reason} ({e.ReasonString})"
        : e.Reason.ToString();

    private static TaskCompletionSource<string> NewDisconnected() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
