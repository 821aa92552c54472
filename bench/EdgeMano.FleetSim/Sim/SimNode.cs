using System.Diagnostics;
using System.Text;
using EdgeMano.Proto.V1;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMano.FleetSim.Sim;

/// <summary>
/// One simulated agent speaking the agent's MQTT protocol (edge-agent MqttUplink): client id
/// em-agent-{node}, persistent session (clean start off, session expiry), retained "online" presence
/// with a retained "offline" Will, QoS 1 subscription to its desired topic on every connect, and a
/// retained QoS 1 NodeStatus at connect and after every desired state it receives (observed_revision
/// = the highest revision held). Status sends are serialized and coalesced, as the agent's report
/// pump does, so the last status out always carries the latest revision. A connection lost
/// without being asked to go offline is re-established as the agent's link loop does: exponential
/// backoff with full jitter (1 s doubling to 60 s), the agent's 15 s operation timeout.
/// </summary>
internal sealed class SimNode : IDisposable
{
    private static readonly byte[] Online = Encoding.UTF8.GetBytes(NodeTopics.Online);
    private static readonly byte[] Offline = Encoding.UTF8.GetBytes(NodeTopics.Offline);

    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly NodeInfo _info;
    private readonly string _desiredTopic;
    private readonly string _statusTopic;
    private readonly string _presenceTopic;
    private readonly Lock _gate = new();
    // One status on the wire at a time, built when its turn comes: the last one out carries the latest revision.
    private readonly SemaphoreSlim _statusGate = new(1, 1);
    private readonly List<(long Revision, long At, int Bytes)> _received = [];
    private readonly List<long> _sent = [];
    private long _observed;
    private IReadOnlyList<string> _workloads = [];
    private int _statusRequested;
    private int _statusSending;
    // Serializes connect, go-offline and background reconnects of this node.
    private readonly SemaphoreSlim _linkGate = new(1, 1);
    private volatile bool _wantOnline;
    private int _reconnecting;
    private int _unexpectedDisconnects;

    public SimNode(string id, string host, int port, IReadOnlyDictionary<string, string> labels)
    {
        Id = id;
        _info = WireMessages.Info(id, labels);
        _desiredTopic = NodeTopics.Desired(id);
        _statusTopic = NodeTopics.Status(id);
        _presenceTopic = NodeTopics.Presence(id);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(NodeTopics.AgentClientId(id))
            .WithCleanStart(false)
            .WithSessionExpiryInterval(7 * 24 * 3600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(15))
            .WithWillTopic(_presenceTopic)
            .WithWillPayload(Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
    }

    public string Id { get; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Status publishes that failed or were refused (a node that could not ack).</summary>
    public int StatusFailures { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Connections lost without the node asking (keep-alive, timeouts, the broker closing them).</summary>
    public int UnexpectedDisconnects => Volatile.Read(ref _unexpectedDisconnects);

    public string? LastDisconnectReason { get; private set; }

    /// <summary>Connect, say online, subscribe, report: what an agent does on every (re)connect.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _linkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _wantOnline = true;
            if (!_client.IsConnected) await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _linkGate.Release();
        }
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectStepsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (_client.IsConnected)
        {
            // Half way (e.g. no SUBACK in time): drop the connection so the next attempt starts over.
            try { await _client.DisconnectAsync().ConfigureAwait(false); }
            catch (Exception) { /* already broken */ }
            throw;
        }
    }

    private async Task ConnectStepsAsync(CancellationToken cancellationToken)
    {
        var result = await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new IOException($"node {Id}: broker refused the connection: {result.ResultCode} {result.ReasonString}");
        await PublishAsync(_presenceTopic, Online, cancellationToken).ConfigureAwait(false);
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            // As the agent: the retained copy only while it holds nothing from the plane (the
            // persistent session's queue carries what was published since it subscribed).
            .WithTopicFilter(f => f.WithTopic(_desiredTopic).WithAtLeastOnceQoS().WithRetainHandling(
                _observed > 0 ? MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly : MqttRetainHandling.SendAtSubscribe))
            .Build();
        var granted = await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        var code = granted.Items.FirstOrDefault()?.ResultCode;
        if (code is not (MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            throw new IOException($"node {Id}: subscription to {_desiredTopic} refused: {code}");
        await SendStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A clean stop as the agent does it: retained "offline", then a normal DISCONNECT (session kept).</summary>
    public async Task GoOfflineAsync(CancellationToken cancellationToken)
    {
        _wantOnline = false;
        await _linkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_client.IsConnected) return;
            await PublishAsync(_presenceTopic, Offline, cancellationToken).ConfigureAwait(false);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder()
                .WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _linkGate.Release();
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (!_wantOnline || !e.ClientWasConnected) return Task.CompletedTask;
        Interlocked.Increment(ref _unexpectedDisconnects);
        LastDisconnectReason = e.Exception?.Message ?? $"{e.Reason} {e.ReasonString}".Trim();
        if (Interlocked.CompareExchange(ref _reconnecting, 1, 0) == 0) _ = Task.Run(ReconnectAsync);
        return Task.CompletedTask;
    }

    /// <summary>As the agent's link loop: wait a full-jitter backoff, connect again; until connected or told to go offline.</summary>
    private async Task ReconnectAsync()
    {
        try
        {
            for (var failures = 0; _wantOnline && !_client.IsConnected; failures++)
            {
                var ceiling = Math.Min(60, Math.Pow(2, Math.Min(failures, 10)));
                await Task.Delay(TimeSpan.FromSeconds(ceiling * Random.Shared.NextDouble())).ConfigureAwait(false);
                await _linkGate.WaitAsync().ConfigureAwait(false);
                try
                {
                    if (_wantOnline && !_client.IsConnected) await ConnectOnceAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LastError = $"reconnect: {ex.Message}";
                }
                finally
                {
                    _linkGate.Release();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
    }

    /// <summary>Forgets what was received so far (a new measurement starts).</summary>
    public void ResetReceived()
    {
        lock (_gate)
        {
            _received.Clear();
            _sent.Clear();
        }
    }

    /// <summary>observed_revision of each status this node had acknowledged by the broker since the last reset, in order.</summary>
    public IReadOnlyList<long> StatusesSent()
    {
        lock (_gate) return _sent.ToList();
    }

    /// <summary>Desired messages received since the last reset: revision, monotonic stamp, payload bytes.</summary>
    public IReadOnlyList<(long Revision, long At, int Bytes)> Received()
    {
        lock (_gate) return _received.ToList();
    }

    public void Dispose()
    {
        _wantOnline = false;
        _client.Dispose();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var at = Stopwatch.GetTimestamp();
        var payload = e.ApplicationMessage.Payload;
        if (e.ApplicationMessage.Topic != _desiredTopic) return Task.CompletedTask;
        var desired = DesiredState.Parser.ParseFrom(payload);
        lock (_gate)
        {
            _received.Add((desired.Revision, at, (int)payload.Length));
            // As the agent: only a higher revision replaces the one held.
            if (desired.Revision > _observed)
            {
                _observed = desired.Revision;
                _workloads = desired.Workloads.Select(w => w.Name).ToList();
            }
        }
        // Accepted or not, the agent reports which revision is in force.
        RequestStatus();
        return Task.CompletedTask;
    }

    private void RequestStatus()
    {
        Volatile.Write(ref _statusRequested, 1);
        if (Interlocked.CompareExchange(ref _statusSending, 1, 0) == 0) _ = Task.Run(PumpStatusAsync);
    }

    private async Task PumpStatusAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _statusRequested, 0) == 1 && _client.IsConnected)
                await SendStatusAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            StatusFailures++;
            LastError = ex.Message;
        }
        finally
        {
            Volatile.Write(ref _statusSending, 0);
        }
        if (Volatile.Read(ref _statusRequested) == 1 && _client.IsConnected && Interlocked.CompareExchange(ref _statusSending, 1, 0) == 0)
            _ = Task.Run(PumpStatusAsync);
    }

    private async Task SendStatusAsync(CancellationToken cancellationToken)
    {
        await _statusGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long observed;
            byte[] status;
            lock (_gate) (observed, status) = (_observed, WireMessages.Status(_info, _observed, _workloads).ToByteArray());
            await PublishAsync(_statusTopic, status, cancellationToken).ConfigureAwait(false);
            lock (_gate) _sent.Add(observed);
        }
        finally
        {
            _statusGate.Release();
        }
    }

    private async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
            throw new IOException($"node {Id}: broker refused the publish on {topic}: {result.ReasonCode} {result.ReasonString}");
    }
}
