using System.Runtime.InteropServices;
using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Uplink.Tests.Mqtt;

/// <summary>The MQTT link against a real Mosquitto 2 started for each test on a free port.</summary>
public sealed class MosquittoUplinkTests : IAsyncLifetime
{
    private readonly UplinkUnderTest _agent = new();
    private MosquittoBroker _broker = null!;
    private PlaneProbe _plane = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(persistence: true);
        _plane = await PlaneProbe.ConnectAsync(_broker.Port, _agent.NodeId);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _plane.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private string Context() => $"agent log:\n{_agent.Logs}\nbroker log:\n{_broker.Log}";

    [Fact]
    public async Task Desired_Received_PersistedTriggeredAndStatusReportsRevisionWithNodeInfo()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");

        await _plane.PublishDesiredAsync(_agent.Desired(1, "sleeper"));

        var status = await _plane.WaitForStatusAsync(s => s.ObservedRevision == 1, "status with observed revision 1");
        Assert.Equal(1, _agent.StoredRevision);
        Assert.Equal([1L], _agent.Store.Accepted);
        Assert.True(_agent.Node.Triggers >= 1, "the reconciler was not triggered");
        Assert.Equal(_agent.NodeId, status.NodeId);
        Assert.Equal("9.9.9-test", status.AgentVersion);
        var info = status.Node;
        Assert.NotNull(info);
        Assert.Equal(_agent.NodeId, info.NodeId);
        Assert.Equal("lab", info.Labels["site"]);
        Assert.Equal("fog", info.Labels["tier"]);
        Assert.Equal(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64", info.Arch);
        Assert.Equal("process", info.Runtime);
        Assert.Equal(Environment.ProcessorCount * 1000L, info.Capacity.CpuMillis);
        Assert.True(info.Capacity.MemoryBytes > 64L * 1024 * 1024, $"memory {info.Capacity.MemoryBytes}");

        // The status is retained: a plane that (re)starts later reads it at once.
        var retained = await PlaneProbe.ReadRetainedAsync(_broker.Port, _plane.StatusTopic);
        Assert.NotNull(retained);
        Assert.Equal(1, EdgeMano.Proto.V1.NodeStatus.Parser.ParseFrom(retained).ObservedRevision);
    }

    [Fact]
    public async Task Snapshot_Changes_StatusCarriesTheWorkloads()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");
        _agent.Node.Report(1, new Core.Model.WorkloadRecord { Name = "sleeper", Phase = Core.Model.WorkloadPhase.Running, RuntimeId = "4242", SpecHash = "abc" });

        var status = await _plane.WaitForStatusAsync(s => s.Workloads.Count == 1, "a status with the workload");
        Assert.Equal("sleeper", status.Workloads[0].Name);
        Assert.Equal("Running", status.Workloads[0].Phase);
        Assert.Equal("4242", status.Workloads[0].RuntimeId);

        // A pass that changes nothing (only the reconcile time) sends no new status.
        var count = _plane.Statuses.Count;
        _agent.Node.Snapshot = _agent.Node.Snapshot with { LastReconcileAt = DateTimeOffset.UtcNow.AddSeconds(1) };
        await Task.Delay(500);
        Assert.Equal(count, _plane.Statuses.Count);
    }

    [Fact]
    public async Task Garbage_Payload_AckedLoggedOnceAndStatusKeepsTheRevisionInForce()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.PublishDesiredAsync(_agent.Desired(1));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 1, "revision 1");
        var before = _plane.Statuses.Count;

        await _plane.PublishDesiredAsync([0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);

        await Wait.UntilAsync(() => _plane.Statuses.Count > before, "a status after the garbage", context: Context);
        Assert.Equal(1, _plane.Statuses[^1].ObservedRevision);
        Assert.Equal(1, _agent.Logs.Count("DesiredDropped:"));
        Assert.Contains("not a protobuf DesiredState", _agent.Logs.ToString(), StringComparison.Ordinal);
        Assert.True(_agent.Uplink!.Status.Connected, "the link should have survived the garbage\n" + Context());

        // Still listening: the next good revision goes through.
        await _plane.PublishDesiredAsync(_agent.Desired(2));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 2, "revision 2 after the garbage");
        Assert.Equal([1L, 2L], _agent.Store.Accepted);
    }

    [Fact]
    public async Task Desired_ForAnotherNodeOrInvalid_DroppedWithReasonAndNothingChanges()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.PublishDesiredAsync(_agent.Desired(1));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 1, "revision 1");

        var foreign = _agent.Desired(5);
        foreign.NodeId = "someone-else";
        await _plane.PublishDesiredAsync(foreign);
        await Wait.UntilAsync(() => _agent.Logs.Count("someone-else") == 1, "the refusal in the log", context: Context);

        var invalid = _agent.Desired(6);
        invalid.Workloads[0].Command.Clear();
        await _plane.PublishDesiredAsync(invalid);
        await Wait.UntilAsync(() => _agent.Logs.Count("is required for a process") == 1, "the validation error in the log", context: Context);

        Assert.Equal(1, _agent.StoredRevision);
        Assert.Equal(1, _plane.Statuses[^1].ObservedRevision);
    }

    [Fact]
    public async Task BrokerDownAtStart_ThenUp_ConnectsAndGetsTheRetainedLatest()
    {
        await _plane.PublishDesiredAsync(_agent.Desired(3));
        await _plane.DisposeAsync();
        await _broker.StopAsync();

        _agent.StartMqtt(_broker.Url);
        await Wait.UntilAsync(() => _agent.Logs.Count("LinkAttemptFailed:") >= 2, "failed attempts while the broker is down", context: Context);
        Assert.False(_agent.Uplink!.Status.Connected);
        Assert.Contains("connection refused", _agent.Uplink.Status.LastError, StringComparison.Ordinal);
        // Quiet after the first few attempts.
        await Task.Delay(3000);
        Assert.InRange(_agent.Logs.Count("LinkAttemptFailed:"), 2, 3);

        await _broker.StartAgainAsync();
        _plane = await PlaneProbe.ConnectAsync(_broker.Port, _agent.NodeId);
        await Wait.UntilAsync(() => _agent.StoredRevision == 3, "the retained revision 3 after the broker came up", TimeSpan.FromSeconds(20), Context);
        await Wait.UntilAsync(() => _agent.Uplink.Status.Connected, "connected");
        Assert.Equal(1, _agent.Logs.Count("LinkConnected:"));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 3, "status 3 at the plane");
    }

    [Fact]
    public async Task BrokerRestarted_WhileRevisionsPublished_OnlyNewerAcceptedNeverBackwards()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.PublishDesiredAsync(_agent.Desired(1));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 1, "revision 1");

        await _plane.DisposeAsync();
        await _broker.RestartAsync();
        _plane = await PlaneProbe.ConnectAsync(_broker.Port, _agent.NodeId);
        // The plane republishes while the agent may still be reconnecting: 2, 3, 4, then a stale 3.
        foreach (var revision in new long[] { 2, 3, 4 }) await _plane.PublishDesiredAsync(_agent.Desired(revision, $"w{revision}"));
        await Wait.UntilAsync(() => _agent.StoredRevision == 4, "revision 4", TimeSpan.FromSeconds(20), Context);
        await _plane.PublishDesiredAsync(_agent.Desired(3, "stale"));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 4, "status 4 after the stale revision");
        await Task.Delay(300);

        // Restarted agent: the retained message is now the stale 3. Its session still holds the
        // subscription, so the broker does not send the retained copy again; had it, it must not win.
        await _agent.StopAsync();
        _agent.StartMqtt(_broker.Url);
        await Wait.UntilAsync(() => _agent.Logs.Count("LinkConnected:") >= 2, "reconnected", TimeSpan.FromSeconds(20), Context);
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 4, "status 4 after the restart");
        Assert.Equal(1, _agent.Logs.Count("DesiredDropped:"));

        Assert.Equal(4, _agent.StoredRevision);
        var accepted = _agent.Store.Accepted;
        Assert.True(accepted.Zip(accepted.Skip(1)).All(p => p.First < p.Second), "accepted revisions went backwards: " + string.Join(",", accepted));
        Assert.Equal(1, accepted[0]);
        Assert.Equal(4, accepted[^1]);
        Assert.Equal("w4", _agent.Store.LoadDesired()!.Workloads[0].Name);
    }

    [Fact]
    public async Task Reconnect_HoldingPlaneState_GetsWhatWasQueuedButNotTheRetainedCopyAgain()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.PublishDesiredAsync(_agent.Desired(1));
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 1, "revision 1");
        await _agent.StopAsync();

        // Away: two revisions queued in its persistent session, the last also retained.
        await _plane.PublishDesiredAsync(_agent.Desired(2, "a"));
        await _plane.PublishDesiredAsync(_agent.Desired(3, "b"));
        _agent.StartMqtt(_broker.Url);
        await Wait.UntilAsync(() => _agent.StoredRevision == 3, "revision 3", TimeSpan.FromSeconds(20), Context);
        await _plane.WaitForStatusAsync(s => s.ObservedRevision == 3, "status 3");
        await Task.Delay(500);

        Assert.Equal([1L, 2L, 3L], _agent.Store.Accepted);
        Assert.Equal(0, _agent.Logs.Count("DesiredDropped:")); // the retained 3 would have been a second, dropped copy
    }

    [Fact]
    public async Task Events_BrokerDown_StayInTheOutbox_ThenDrainedInOrderAndAcked()
    {
        // The plane holds a persistent session, so events published while it is away are queued for it.
        await _plane.DisposeAsync();
        _plane = await PlaneProbe.ConnectAsync(_broker.Port, _agent.NodeId, persistent: true);
        await _plane.DisconnectAsync();
        await _broker.StopAsync();

        _agent.StartMqtt(_broker.Url);
        _agent.Store.AppendEvents(Enumerable.Range(1, 5).Select(i => UplinkUnderTest.Event($"w{i}", "Started")));
        _agent.Node.Report(0);
        await Task.Delay(1500);
        Assert.Equal(5, _agent.Store.PeekEvents(100).Count);

        await _broker.StartAgainAsync();
        await Wait.UntilAsync(() => _agent.Store.PeekEvents(100).Count == 0, "the outbox drained", TimeSpan.FromSeconds(20), Context);
        await _plane.ReconnectAsync();
        await Wait.UntilAsync(() => _plane.Events.Count >= 5, "five events at the plane", context: Context);
        var events = _plane.Events;
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Sequence).Take(5));
        Assert.Equal(["w1", "w2", "w3", "w4", "w5"], events.Select(e => e.Workload).Take(5));
        Assert.All(events, e => Assert.Equal(_agent.NodeId, e.NodeId));
    }

    [Fact]
    public async Task Presence_OnlineOnConnect_OfflineOnCleanStop_Retained()
    {
        _agent.StartMqtt(_broker.Url);
        await _plane.WaitForPresenceAsync("online");
        Assert.Equal("online", System.Text.Encoding.UTF8.GetString((await PlaneProbe.ReadRetainedAsync(_broker.Port, _plane.PresenceTopic))!));

        await _agent.StopAsync();
        await _plane.WaitForPresenceAsync("offline");
        Assert.Equal("offline", System.Text.Encoding.UTF8.GetString((await PlaneProbe.ReadRetainedAsync(_broker.Port, _plane.PresenceTopic))!));
    }

    [Fact]
    public async Task Presence_ConnectionCut_WillSaysOfflineThenOnlineAgainAfterReconnect()
    {
        await using var proxy = new TcpProxy(_broker.Port);
        _agent.StartMqtt(proxy.Url);
        await _plane.WaitForPresenceAsync("online");

        proxy.CutAll();
        await Wait.UntilAsync(() => _plane.Presence.Contains("offline"), "the Last Will 'offline'", context: Context);
        await Wait.UntilAsync(() => _plane.Presence.Count(p => p == "online") >= 2, "online again after the reconnect", context: Context);
        Assert.Equal("online", _plane.Presence[^1]);
        Assert.Equal(1, _agent.Logs.Count("LinkLost:"));
        Assert.Equal(2, _agent.Logs.Count("LinkConnected:"));
    }
}
