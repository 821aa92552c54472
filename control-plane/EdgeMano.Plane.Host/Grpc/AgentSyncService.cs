using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Host.Delivery;
using Grpc.Core;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Plane.Host.Grpc;

/// <summary>
/// The gRPC alternative to MQTT for an agent: one bidirectional stream carrying the same payloads.
/// The first message names the node (a status with NodeInfo); the plane then sends the latest
/// desired state when the node is behind, and acknowledges events once they are queued for the store.
/// </summary>
internal sealed class AgentSyncService(NodeTrafficRouter router, SyncSessions sessions, FleetController fleet, ILogger<AgentSyncService> logger)
    : Wire.AgentSync.AgentSyncBase
{
    public override async Task Sync(IAsyncStreamReader<Wire.AgentMessage> requestStream, IServerStreamWriter<Wire.PlaneMessage> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct).ConfigureAwait(false)) return;
        var first = requestStream.Current;
        var nodeId = first.Status?.Node?.NodeId is { Length: > 0 } id ? id : first.Status?.NodeId ?? "";
        if (first.BodyCase != Wire.AgentMessage.BodyOneofCase.Status || nodeId.Length == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message on Sync must be a status naming the node (status.node.node_id)"));

        var outbox = sessions.Open(nodeId);
        PlaneLog.SyncOpened(logger, nodeId, context.Peer);
        fleet.SetPresence(nodeId, Presence.Online);
        try
        {
            router.Accept(nodeId, first.Status!);
            // The node may be behind (or new to this plane): hand it the latest now.
            if (fleet.IssuedFor(nodeId) is { } issued && issued.Revision > first.Status!.ObservedRevision)
                outbox.Writer.TryWrite(new Wire.PlaneMessage { Desired = DesiredStateProtoMapper.ToProto(issued) });

            var sending = PumpAsync(outbox, responseStream, ct);
            while (await requestStream.MoveNext(ct).ConfigureAwait(false))
            {
                var message = requestStream.Current;
                switch (message.BodyCase)
                {
                    case Wire.AgentMessage.BodyOneofCase.Status:
                        router.Accept(nodeId, message.Status);
                        break;
                    case Wire.AgentMessage.BodyOneofCase.Event:
                        router.Accept(nodeId, message.Event);
                        outbox.Writer.TryWrite(new Wire.PlaneMessage { EventAck = new Wire.EventAck { Sequence = message.Event.Sequence } });
                        break;
                }
            }
            outbox.Writer.TryComplete();
            await sending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The agent went away; presence below says so.
        }
        finally
        {
            sessions.Close(nodeId, outbox);
            if (!sessions.IsConnected(nodeId)) fleet.SetPresence(nodeId, Presence.Offline);
            PlaneLog.SyncClosed(logger, nodeId);
        }
    }

    private static async Task PumpAsync(System.Threading.Channels.Channel<Wire.PlaneMessage> outbox, IServerStreamWriter<Wire.PlaneMessage> stream, CancellationToken ct)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            await stream.WriteAsync(message, ct).ConfigureAwait(false);
    }
}
