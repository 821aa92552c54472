using System.Buffers;

namespace EdgeMano.Plane.Messaging;

/// <summary>Where node traffic goes once it is off the wire. Calls must be quick: they run on the broker's receive path.</summary>
public interface INodeTrafficSink
{
    void OnStatus(string nodeId, ReadOnlySequence<byte> payload);

    void OnEvent(string nodeId, ReadOnlySequence<byte> payload);

    void OnPresence(string nodeId, bool online);
}

/// <summary>
/// The plane's side of node messaging: one implementation per way of reaching nodes (the embedded
/// broker, an external broker). The rest of the plane does not know which one runs.
/// </summary>
public interface INodeLink : IAsyncDisposable
{
    /// <summary>e.g. "embedded MQTT broker on :1883" or "external broker mqtt://host:1883".</summary>
    string Description { get; }

    bool IsUp { get; }

    Task StartAsync(INodeTrafficSink sink, CancellationToken cancellationToken);

    /// <summary>Publishes a node's desired state, retained at QoS 1, replacing any older revision.</summary>
    Task PublishDesiredAsync(string nodeId, byte[] payload, CancellationToken cancellationToken);
}
