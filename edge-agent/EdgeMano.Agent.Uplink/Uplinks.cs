using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Uplink.Grpc;
using EdgeMano.Agent.Uplink.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Uplink;

/// <summary>Builds the link the options ask for.</summary>
public static class Uplinks
{
    /// <summary>The MQTT or gRPC link, or null when neither a broker nor a plane is configured (local-only agent).</summary>
    public static IUplink? Create(UplinkOptions options, IAgentStore store, INodeStateSource node, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Broker is not null && options.Plane is not null)
            throw new ArgumentException("an agent uses either an MQTT broker or the plane's gRPC Sync, not both", nameof(options));
        if (options.Broker is not null) return new MqttUplink(options, store, node, time, loggers.CreateLogger("EdgeMano.Agent.Uplink.Mqtt"));
        if (options.Plane is not null) return new GrpcUplink(options, store, node, time, loggers.CreateLogger("EdgeMano.Agent.Uplink.Grpc"));
        return null;
    }
}
