using System.Buffers;
using System.Text;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Tests.Infrastructure;

/// <summary>One message the probe saw.</summary>
public sealed record Seen(string Topic, byte[] Payload, bool Retain, DateTimeOffset At);

/// <summary>
/// The plane's side of the node's topics, as a plain MQTT 5 client: publishes desired state
/// (retained, QoS 1) and records what the node sends on status, events and presence.
/// </summary>
public sealed class PlaneProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<Seen> _seen = [];
    private readonly string _node;
    private readonly int _port;
    private readonly string _clientId;
    private readonly bool _persistent;

    private PlaneProbe(int port, string node, string clientId, bool persistent)
    {
        _port = port;
        _node = node;
        _clientId = clientId;
        _persistent = persistent;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            lock (_seen) _seen.Add(new Seen(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        };
    }

    /// <param name="persistent">A persistent session: QoS 1 messages sent while the probe is away are queued for it.</param>
    public static async Task<PlaneProbe> ConnectAsync(int port, string node, bool persistent = false)
    {
        var probe = new PlaneProbe(port, node, "plane-probe-" + Guid.NewGuid().ToString("N")[..8], persistent);
        await probe.ReconnectAsync();
        return probe;
    }

    public string StatusTopic => $"em/v1/nodes/{_node}/status";
    public string EventsTopic => $"em/v1/nodes/{_node}/events";
    public string PresenceTopic => $"em/v1/nodes/{_node}/presence";
    public string DesiredTopic => $"em/v1/nodes/{_node}/desired";

    public IReadOnlyList<Seen> Seen { get { lock (_seen) return _seen.ToList(); } }

    public IReadOnlyList<Wire.NodeStatus> Statuses => On(StatusTopic).Select(s => Wire.NodeStatus.Parser.ParseFrom(s.Payload)).ToList();

    public IReadOnlyList<Wire.Event> Events => On(EventsTopic).Select(s => Wire.Event.Parser.ParseFrom(s.Payload)).ToList();

    public IReadOnlyList<string> Presence => On(PresenceTopic).Select(s => Encoding.UTF8.GetString(s.Payload)).ToList();

    public IEnumerable<Seen> On(string topic) => Seen.Where(s => s.Topic == topic);

    /// <summary>(Re)connects and subscribes to the node's outbound topics.</summary>
    public async Task ReconnectAsync()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_clientId)
            .WithCleanStart(!_persistent)
            .WithSessionExpiryInterval(_persistent ? 3600u : 0u)
            .Build();
        await _client.ConnectAsync(options);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic($"em/v1/nodes/{_node}/status").WithAtLeastOnceQoS())
            .WithTopicFilter(f => f.WithTopic($"em/v1/nodes/{_node}/events").WithAtLeastOnceQoS())
            .WithTopicFilter(f => f.WithTopic($"em/v1/nodes/{_node}/presence").WithAtLeastOnceQoS())
            .Build());
    }

    public async Task DisconnectAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
    }

    public Task PublishDesiredAsync(Wire.DesiredState state) => PublishDesiredAsync(state.ToByteArray());

    public async Task PublishDesiredAsync(byte[] payload)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(DesiredTopic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build());
        Assert.True(result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish desired: {result.ReasonCode}");
    }

    public Task<Wire.NodeStatus> WaitForStatusAsync(Func<Wire.NodeStatus, bool> predicate, string what, TimeSpan? timeout = null) =>
        Wait.ForAsync(() => Statuses.LastOrDefault() is { } s && predicate(s) ? s : null, what, timeout, () => $"statuses seen: {Statuses.Count}, last: {Statuses.LastOrDefault()}");

    public Task WaitForPresenceAsync(string presence, TimeSpan? timeout = null) =>
        Wait.ForAsync(() => Presence.LastOrDefault() == presence ? "" : null, $"presence '{presence}'", timeout, () => "presence seen: " + string.Join(",", Presence));

    /// <summary>The retained message on <paramref name="topic"/> as a new subscriber gets it, or null.</summary>
    public static async Task<byte[]?> ReadRetainedAsync(int port, string topic)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var got = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Retain) got.TrySetResult(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        await client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        var done = await Task.WhenAny(got.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        return done == got.Task ? got.Task.Result : null;
    }

    public async ValueTask DisposeAsync()
    {
        try { await DisconnectAsync(); } catch (Exception) { }
        _client.Dispose();
    }
}

public static class Wait
{
    public static async Task<T> ForAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null, Func<string>? context = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}" + (context is null ? "" : "; " + context()));
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? context = null) =>
        ForAsync(() => condition() ? "" : null, what, timeout, context);
}
