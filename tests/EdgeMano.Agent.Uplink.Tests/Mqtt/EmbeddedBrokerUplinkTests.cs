using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeMano.Agent.Uplink.Tests.Mqtt;

/// <summary>
/// The MQTT link against MQTTnet's server in this process (the plane's embedded broker), whose
/// hooks show exactly when the agent sends a PUBACK and let a test refuse or hold the agent's publishes.
/// </summary>
public sealed class EmbeddedBrokerUplinkTests : IAsyncLifetime
{
    private readonly UplinkUnderTest _agent = new();
    private EmbeddedBroker _broker = null!;
    private PlaneProbe _plane = null!;

    public async Task InitializeAsync()
    {
        _broker = await EmbeddedBroker.StartAsync();
        _plane = await PlaneProbe.ConnectAsync(_broker.Port, _agent.NodeId);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _plane.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private string Context() => "agent log:\n" + _agent.Logs;

    [Fact]
    public async Task Desired_PubAck_IsSentOnlyAfterTheRevisionIsPersisted()
    {
        // (revision in the acknowledged message, revision in the agent's store when the PUBACK arrived)
        var storedAtAck = new List<(long Acked, long Stored)>();
        _broker.Server.ClientAcknowledgedPublishPacketAsync += e =>
        {
            if (e.PublishPacket.Topic == _plane.DesiredTopic)
            {
                var acked = EdgeMano.Proto.V1.DesiredState.Parser.ParseFrom(e.PublishPacket.Payload).Revision;
                lock (storedAtAck) storedAtAck.Add((acked, _agent.StoredRevision));
            }
            return Task.CompletedTask;
        };
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");

        await _plane.PublishDesiredAsync(_agent.Desired(1));
        await _plane.PublishDesiredAsync(_agent.Desired(2));

        await Wait.UntilAsync(() => { lock (storedAtAck) return storedAtAck.Count == 2; }, "two PUBACKs for desired", context: Context);
        lock (storedAtAck)
        {
            Assert.Equal([1L, 2L], storedAtAck.Select(a => a.Acked));
            Assert.All(storedAtAck, a => Assert.True(a.Stored >= a.Acked, $"revision {a.Acked} was acknowledged while the store held {a.Stored}"));
        }
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 2, "status 2");
    }

    [Fact]
    public async Task Desired_Oversized_AckedAndLoggedOnce()
    {
        var acked = 0;
        _broker.Server.ClientAcknowledgedPublishPacketAsync += e =>
        {
            if (e.PublishPacket.Topic == _plane.DesiredTopic) Interlocked.Increment(ref acked);
            return Task.CompletedTask;
        };
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");

        await _plane.PublishDesiredAsync(new byte[5 * 1024 * 1024]);

        await Wait.UntilAsync(() => Volatile.Read(ref acked) == 1, "the oversized payload acknowledged", context: Context);
        await Wait.UntilAsync(() => _agent.Logs.Count("larger than the 4194304-byte limit") == 1, "one log line", context: Context);
        Assert.Equal(0, _agent.StoredRevision);
        Assert.True(_agent.Uplink!.Status.Connected);
    }

    [Fact]
    public async Task Events_LeaveTheOutboxOnlyAfterPubAck()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _broker.Server.InterceptingPublishAsync += async e =>
        {
            if (e.ApplicationMessage.Topic != _plane.EventsTopic) return;
            held.TrySetResult();
            await release.Task; // the broker's PUBACK waits here
        };
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");

        _agent.Store.AppendEvents([UplinkUnderTest.Event("w1", "Started"), UplinkUnderTest.Event("w1", "Exited")]);
        _agent.Node.Report(0);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.Equal(2, _agent.Store.PeekEvents(10).Count);

        release.SetResult();
        await Wait.UntilAsync(() => _agent.Store.PeekEvents(10).Count == 0, "the outbox drained after the PUBACKs", context: Context);
        await Wait.UntilAsync(() => _plane.Events.Count == 2, "two events at the plane");
        Assert.Equal(["Started", "Exited"], _plane.Events.Select(e => e.Reason));
    }

    [Fact]
    public async Task Events_RefusedByTheBroker_StayInTheOutbox_UntilAccepted()
    {
        var refuse = 1;
        _broker.Server.InterceptingPublishAsync += e =>
        {
            if (e.ApplicationMessage.Topic == _plane.EventsTopic && Volatile.Read(ref refuse) == 1)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            }
            return Task.CompletedTask;
        };
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");

        _agent.Store.AppendEvents([UplinkUnderTest.Event("w1", "Started")]);
        _agent.Node.Report(0);
        await Wait.UntilAsync(() => _agent.Logs.Count("PublishRefused:") >= 1, "the refusal logged", context: Context);
        Assert.Single(_agent.Store.PeekEvents(10));
        Assert.True(_agent.Uplink!.Status.Connected);

        Volatile.Write(ref refuse, 0);
        await Wait.UntilAsync(() => _agent.Store.PeekEvents(10).Count == 0, "the outbox drained once accepted", context: Context);
        await Wait.UntilAsync(() => _plane.Events.Count == 1, "the event at the plane");
    }

    [Fact]
    public async Task Subscribe_OnEveryConnect_WithPersistentSession()
    {
        var subscriptions = new List<(string Client, string Topic, MqttRetainHandling Retain)>();
        var connects = new List<(string Client, bool CleanStart, uint Expiry)>();
        _broker.Server.InterceptingSubscriptionAsync += e =>
        {
            lock (subscriptions) subscriptions.Add((e.ClientId, e.TopicFilter.Topic, e.TopicFilter.RetainHandling));
            return Task.CompletedTask;
        };
        _broker.Server.ValidatingConnectionAsync += e =>
        {
            lock (connects) connects.Add((e.ClientId, e.CleanSession ?? true, e.SessionExpiryInterval));
            return Task.CompletedTask;
        };
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");
        await _broker.Server.DisconnectClientAsync($"em-agent-{_agent.NodeId}", new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.AdministrativeAction });
        await Wait.UntilAsync(() => { lock (subscriptions) return subscriptions.Count(s => s.Client == $"em-agent-{_agent.NodeId}") >= 2; }, "a second subscription after the reconnect", context: Context);

        lock (subscriptions)
            Assert.All(subscriptions.Where(s => s.Client.StartsWith("em-agent-", StringComparison.Ordinal)), s =>
            {
                Assert.Equal($"em/v1/nodes/{_agent.NodeId}/desired", s.Topic);
                Assert.Equal(MqttRetainHandling.SendAtSubscribe, s.Retain); // it holds nothing from the plane yet
            });
        lock (connects)
        {
            var agentConnects = connects.Where(c => c.Client == $"em-agent-{_agent.NodeId}").ToList();
            Assert.True(agentConnects.Count >= 2, "expected a reconnect");
            Assert.All(agentConnects, c => Assert.False(c.CleanStart, "clean start must be off (persistent session)"));
            Assert.All(agentConnects, c => Assert.Equal(7u * 24 * 3600, c.Expiry));
        }
    }
}
