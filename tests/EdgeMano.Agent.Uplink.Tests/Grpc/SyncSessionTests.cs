using EdgeMano.Agent.Uplink.Grpc;
using EdgeMano.Agent.Uplink.Intake;
using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Reporting;
using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Tests.Grpc;

/// <summary>The gRPC Sync session message by message, against in-memory streams and a real store.</summary>
public sealed class SyncSessionTests : IAsyncLifetime
{
    private readonly UplinkUnderTest _agent = new();
    private readonly FakeStreams<Wire.PlaneMessage, Wire.AgentMessage> _stream = new();
    private readonly CancellationTokenSource _stop = new();
    private LinkState _state = null!;
    private Task<string> _session = null!;

    public Task InitializeAsync()
    {
        var options = _agent.Options(plane: "http://127.0.0.1:1") with { OperationTimeout = TimeSpan.FromMilliseconds(700) };
        var logger = _agent.Logs.CreateLogger("grpc");
        _state = new LinkState("grpc", options.Endpoint, TimeProvider.System, logger);
        var pump = new ReportPump(options, _agent.Store, _agent.Node, new StatusBuilder(options, _agent.Store, _agent.Node, TimeProvider.System), TimeProvider.System, logger);
        var session = new SyncSession(new DesiredStateReceiver(options, _agent.Store, logger), pump, _agent.Node, _state, options.OperationTimeout, TimeProvider.System);
        _session = session.RunAsync(_stream, _stream, _stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        try { await _session; } catch (OperationCanceledException) { }
        await _agent.DisposeAsync();
    }

    private async Task<Wire.NodeStatus> NextStatusAsync(Func<Wire.NodeStatus, bool> predicate)
    {
        while (true)
        {
            var message = await _stream.ReceiveAsync();
            if (message.BodyCase == Wire.AgentMessage.BodyOneofCase.Status && predicate(message.Status)) return message.Status;
        }
    }

    [Fact]
    public async Task Open_FirstMessage_IsAStatusNamingTheNode()
    {
        var first = await _stream.ReceiveAsync();

        Assert.Equal(Wire.AgentMessage.BodyOneofCase.Status, first.BodyCase);
        Assert.Equal(_agent.NodeId, first.Status.Node.NodeId);
        Assert.Equal("lab", first.Status.Node.Labels["site"]);
        Assert.True(first.Status.Node.Capacity.CpuMillis > 0);
        Assert.True(_state.Status.Connected);
    }

    [Fact]
    public async Task Desired_FromThePlane_PersistedTriggeredAndAcknowledgedByTheNextStatus()
    {
        await _stream.ReceiveAsync();

        _stream.Send(new Wire.PlaneMessage { Desired = _agent.Desired(4) });

        var status = await NextStatusAsync(s => s.ObservedRevision == 4);
        Assert.Equal(4, _agent.StoredRevision);
        Assert.True(_agent.Node.Triggers >= 1);
        Assert.Equal(_agent.NodeId, status.Node.NodeId);
    }

    [Fact]
    public async Task Desired_Invalid_StatusStillSentWithTheRevisionInForce()
    {
        await _stream.ReceiveAsync();
        _stream.Send(new Wire.PlaneMessage { Desired = _agent.Desired(2) });
        await NextStatusAsync(s => s.ObservedRevision == 2);

        var foreign = _agent.Desired(3);
        foreign.NodeId = "not-me";
        _stream.Send(new Wire.PlaneMessage { Desired = foreign });

        var status = await NextStatusAsync(_ => true);
        Assert.Equal(2, status.ObservedRevision);
        Assert.Equal(1, _agent.Logs.Count("DesiredDropped:"));
    }

    [Fact]
    public async Task Events_AckedByThePlane_LeaveTheOutboxInOrder()
    {
        await _stream.ReceiveAsync();
        _agent.Store.AppendEvents([UplinkUnderTest.Event("a", "Started"), UplinkUnderTest.Event("b", "Started")]);
        _agent.Node.Report(0);

        var first = await _stream.ReceiveAsync();
        while (first.BodyCase != Wire.AgentMessage.BodyOneofCase.Event) first = await _stream.ReceiveAsync();
        var second = await _stream.ReceiveAsync();
        Assert.Equal(["a", "b"], new[] { first.Event.Workload, second.Event.Workload });
        Assert.Equal(2, _agent.Store.PeekEvents(10).Count);

        _stream.Send(new Wire.PlaneMessage { EventAck = new Wire.EventAck { Sequence = second.Event.Sequence } });

        await Wait.UntilAsync(() => _agent.Store.PeekEvents(10).Count == 0, "the outbox drained after the EventAck");
    }

    [Fact]
    public async Task Events_NeverAcked_StayInTheOutboxAndTheStreamIsAbandoned()
    {
        await _stream.ReceiveAsync();
        _agent.Store.AppendEvents([UplinkUnderTest.Event("a", "Started")]);
        _agent.Node.Report(0);

        var reason = await _session.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("did not acknowledge events up to 1", reason, StringComparison.Ordinal);
        Assert.Single(_agent.Store.PeekEvents(10));
    }

    [Fact]
    public async Task PlaneClosesTheStream_SessionEndsWithTheReason()
    {
        await _stream.ReceiveAsync();

        _stream.Close();

        Assert.Equal("the plane closed the stream", await _session.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
