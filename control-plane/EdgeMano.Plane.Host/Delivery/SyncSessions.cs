using System.Collections.Concurrent;
using System.Threading.Channels;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>Agents connected over the gRPC Sync stream, each with the outgoing queue of its stream.</summary>
internal sealed class SyncSessions
{
    private readonly ConcurrentDictionary<string, Channel<Wire.PlaneMessage>> _sessions = new(StringComparer.Ordinal);

    /// <summary>Registers a node's stream; a newer stream for the same node replaces (and ends) the older one.</summary>
    public Channel<Wire.PlaneMessage> Open(string nodeId)
    {
        var channel = Channel.CreateBounded<Wire.PlaneMessage>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        if (_sessions.TryGetValue(nodeId, out var old)) old.Writer.TryComplete();
        _sessions[nodeId] = channel;
        return channel;
    }

    public void Close(string nodeId, Channel<Wire.PlaneMessage> channel)
    {
        channel.Writer.TryComplete();
        _sessions.TryRemove(new KeyValuePair<string, Channel<Wire.PlaneMessage>>(nodeId, channel));
    }

    public bool IsConnected(string nodeId) => _sessions.ContainsKey(nodeId);

    public void TrySend(string nodeId, Wire.DesiredState desired)
    {
        if (_sessions.TryGetValue(nodeId, out var channel))
            channel.Writer.TryWrite(new Wire.PlaneMessage { Desired = desired });
    }

    public void TrySend(string nodeId, Wire.PlaneMessage message)
    {
        if (_sessions.TryGetValue(nodeId, out var channel)) channel.Writer.TryWrite(message);
    }
}
