using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>Docker driver log messages; event ids 3100-3199.</summary>
internal static partial class DockerRuntimeLog
{
    [LoggerMessage(EventId = 3100, EventName = "DockerImagePull", Level = LogLevel.Information,
        Message = "Image {Image} is not on this node; pulling it")]
    public static partial void PullingImage(ILogger logger, string image);

    [LoggerMessage(EventId = 3101, EventName = "DockerStaleContainerRemoved", Level = LogLevel.Warning,
        Message = "Removing stale container {Container} ({ContainerId}) of workload {Workload} left by an earlier attempt")]
    public static partial void RemovingStaleContainer(ILogger logger, string container, string containerId, string workload);

    [LoggerMessage(EventId = 3102, EventName = "DockerContainerCreated", Level = LogLevel.Information,
        Message = "Created and started container {Container} ({ContainerId}) for workload {Workload}")]
    public static partial void ContainerCreated(ILogger logger, string container, string containerId, string workload);

    [LoggerMessage(EventId = 3103, EventName = "DockerEventStreamLost", Level = LogLevel.Warning,
        Message = "Docker event stream from {Endpoint} ended: {Reason}")]
    public static partial void EventStreamLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3104, EventName = "DockerExecTimedOut", Level = LogLevel.Debug,
        Message = "Exec in container {ContainerId} did not finish within {Timeout}")]
    public static partial void ExecTimedOut(ILogger logger, string containerId, TimeSpan timeout);

    [LoggerMessage(EventId = 3105, EventName = "DockerNetworkCreated", Level = LogLevel.Information,
        Message = "Created network {Network} ({NetworkId}) for workload {Workload}")]
    public static partial void NetworkCreated(ILogger logger, string network, string networkId, string workload);

    [LoggerMessage(EventId = 3106, EventName = "DockerForeignNetworkJoined", Level = LogLevel.Information,
        Message = "Network {Network} ({NetworkId}) exists and was not created by node {NodeId}: workload {Workload} joins it as is, and the agent will never remove it")]
    public static partial void ForeignNetworkJoined(ILogger logger, string network, string networkId, string nodeId, string workload);

    [LoggerMessage(EventId = 3107, EventName = "DockerNetworkRemoved", Level = LogLevel.Information,
        Message = "Removed network {Network} ({NetworkId}): no container uses it any more")]
    public static partial void NetworkRemoved(ILogger logger, string network, string networkId);

    [LoggerMessage(EventId = 3108, EventName = "DockerNetworkCleanupFailed", Level = LogLevel.Warning,
        Message = "Could not remove unused networks of node {NodeId}; the next removal tries again: {Reason}")]
    public static partial void NetworkCleanupFailed(ILogger logger, string nodeId, string reason);
}
