using Microsoft.Extensions.Logging;

namespace EdgeMano.Plane.Messaging;

/// <summary>Messaging log events: ids 2000-2099.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(2000, LogLevel.Information, "Embedded MQTT broker listening on {Address}:{Port}", EventName = "EmbeddedBrokerStarted")]
    public static partial void EmbeddedStarted(ILogger logger, string address, int port);

    [LoggerMessage(2001, LogLevel.Warning, "Refused {What} by client '{ClientId}' on '{Topic}': an agent may use only its own node's topics", EventName = "TopicRefused")]
    public static partial void TopicRefused(ILogger logger, string what, string clientId, string topic);

    [LoggerMessage(2002, LogLevel.Information, "Connected to external broker {Broker} ({Connections} connections)", EventName = "ExternalConnected")]
    public static partial void ExternalConnected(ILogger logger, string broker, int connections);

    [LoggerMessage(2003, LogLevel.Warning, "External broker {Broker}: connection {Index} lost ({Reason}); reconnecting", EventName = "ExternalDisconnected")]
    public static partial void ExternalDisconnected(ILogger logger, string broker, int index, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "External broker {Broker}: cannot connect: {Reason}; retrying in {Delay}", EventName = "ExternalConnectFailed")]
    public static partial void ExternalConnectFailed(ILogger logger, string broker, string reason, TimeSpan delay);
}
