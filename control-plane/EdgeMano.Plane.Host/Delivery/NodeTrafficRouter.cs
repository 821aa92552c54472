using System.Buffers;
using System.Collections.Concurrent;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Messaging;
using Google.Protobuf;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>
/// Node traffic from any link (MQTT or gRPC Sync) into the fleet registry. A payload that is not
/// what its topic promises is dropped and counted, and logged once per node and kind, so a broken
/// or hostile node can neither crash the plane nor flood its log.
/// </summary>
internal sealed class NodeTrafficRouter(FleetController fleet, DesiredPublisher publisher, EventWriter events, ILogger<NodeTrafficRouter> logger)
    : INodeTrafficSink
{
    public const int MaxPayloadBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<(string Node, string Kind), byte> _loggedBad = new();
    private long _dropped;

    /// <summary>Payloads dropped as malformed since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void OnStatus(string nodeId, ReadOnlySequence<byte> payload)
    {
        if (Decode(nodeId, "status", payload, Wire.NodeStatus.Parser) is not { } status) return;
        Accept(nodeId, status);
    }

    /// <summary>A decoded status (the gRPC stream decodes for itself); false when it was refused.</summary>
    public bool Accept(string nodeId, Wire.NodeStatus status)
    {
        if (WireMapping.ToReport(nodeId, status) is not { } report)
        {
            Refuse(nodeId, "status", $"it names node '{status.NodeId}' (or NodeInfo '{status.Node?.NodeId}') but came on node '{nodeId}'s topic");
            return false;
        }
        var update = fleet.Report(report);
        publisher.Enqueue(update.ToPublish);
        return true;
    }

    public void OnEvent(string nodeId, ReadOnlySequence<byte> payload)
    {
        if (Decode(nodeId, "event", payload, Wire.Event.Parser) is not { } message) return;
        Accept(nodeId, message);
    }

    public void Accept(string nodeId, Wire.Event message)
    {
        if (message.NodeId.Length > 0 && message.NodeId != nodeId)
        {
            Refuse(nodeId, "event", $"it names node '{message.NodeId}'");
            return;
        }
        if (message.Sequence < 1)
        {
            Refuse(nodeId, "event", $"sequence {message.Sequence} is not a positive number");
            return;
        }
        events.Add(WireMapping.ToNodeEvent(nodeId, message));
    }

    public void OnPresence(string nodeId, bool online) => fleet.SetPresence(nodeId, online ? Presence.Online : Presence.Offline);

    private T? Decode<T>(string nodeId, string kind, ReadOnlySequence<byte> payload, MessageParser<T> parser) where T : class, IMessage<T>
    {
        if (payload.Length > MaxPayloadBytes)
        {
            Refuse(nodeId, kind, $"{payload.Length} bytes is over the {MaxPayloadBytes}-byte limit");
            return null;
        }
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            Refuse(nodeId, kind, $"not a protobuf {typeof(T).Name}: {ex.Message}");
            return null;
        }
    }

    private void Refuse(string nodeId, string kind, string why)
    {
        Interlocked.Increment(ref _dropped);
        if (_loggedBad.TryAdd((nodeId, kind), 0)) PlaneLog.PayloadDropped(logger, kind, nodeId, why);
    }
}
