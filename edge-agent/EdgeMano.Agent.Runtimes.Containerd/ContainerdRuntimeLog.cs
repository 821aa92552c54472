using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>containerd driver log messages; event ids 3300-3399.</summary>
internal static partial class ContainerdRuntimeLog
{
    [LoggerMessage(EventId = 3300, EventName = "ContainerdImageUnpack", Level = LogLevel.Information,
        Message = "Image {Image} is not unpacked for snapshotter {Snapshotter}; unpacking it")]
    public static partial void UnpackingImage(ILogger logger, string image, string snapshotter);

    [LoggerMessage(EventId = 3301, EventName = "ContainerdStaleContainerRemoved", Level = LogLevel.Warning,
        Message = "Removing stale container {ContainerId} of workload {Workload} left by an earlier attempt")]
    public static partial void RemovingStaleContainer(ILogger logger, string containerId, string workload);

    [LoggerMessage(EventId = 3302, EventName = "ContainerdContainerCreated", Level = LogLevel.Information,
        Message = "Created and started container {ContainerId} for workload {Workload} from {Image}")]
    public static partial void ContainerCreated(ILogger logger, string containerId, string workload, string image);

    [LoggerMessage(EventId = 3303, EventName = "ContainerdEventStreamLost", Level = LogLevel.Warning,
        Message = "containerd event stream from {Endpoint} ended: {Reason}")]
    public static partial void EventStreamLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3304, EventName = "ContainerdExecTimedOut", Level = LogLevel.Debug,
        Message = "Exec in container {ContainerId} did not finish within {Timeout}")]
    public static partial void ExecTimedOut(ILogger logger, string containerId, TimeSpan timeout);

    [LoggerMessage(EventId = 3305, EventName = "ContainerdExecNotStarted", Level = LogLevel.Debug,
        Message = "Exec in container {ContainerId} could not start its command: {Reason}")]
    public static partial void ExecNotStarted(ILogger logger, string containerId, string reason);

    [LoggerMessage(EventId = 3306, EventName = "ContainerdKillAfterGrace", Level = LogLevel.Information,
        Message = "Container {ContainerId} still running {Grace} after SIGTERM; sending SIGKILL")]
    public static partial void KillingAfterGrace(ILogger logger, string containerId, TimeSpan grace);

    [LoggerMessage(EventId = 3307, EventName = "ContainerdCleanupFailed", Level = LogLevel.Warning,
        Message = "Cleanup of {Object} failed (left for containerd's collector or the next remove): {Reason}")]
    public static partial void CleanupFailed(ILogger logger, string @object, string reason);

    [LoggerMessage(EventId = 3308, EventName = "ContainerdEventLookupFailed", Level = LogLevel.Debug,
        Message = "Could not tell whose container {ContainerId} is for an event; skipping it: {Reason}")]
    public static partial void EventLookupFailed(ILogger logger, string containerId, string reason);

    [LoggerMessage(EventId = 3309, EventName = "ContainerdImageImported", Level = LogLevel.Information,
        Message = "Imported image {Image} ({Digest}) into namespace {Namespace}")]
    public static partial void ImageImported(ILogger logger, string image, string digest, string @namespace);
}
