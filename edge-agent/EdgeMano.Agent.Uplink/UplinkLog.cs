using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Uplink;

/// <summary>Uplink log messages; event ids 4000-4099.</summary>
internal static partial class UplinkLog
{
    [LoggerMessage(4000, LogLevel.Information, "Link to the plane ({Kind}) at {Endpoint}: connected{Detail} after {Attempts} failed attempt(s), offline for {Offline}", EventName = "LinkConnected")]
    public static partial void Connected(ILogger logger, string kind, string endpoint, string detail, int attempts, string offline);

    [LoggerMessage(4001, LogLevel.Warning, "Link to the plane ({Kind}) at {Endpoint}: lost ({Reason}); workloads keep running, reconnecting with backoff", EventName = "LinkLost")]
    public static partial void Lost(ILogger logger, string kind, string endpoint, string reason);

    [LoggerMessage(4002, LogLevel.Warning, "Link to the plane ({Kind}) at {Endpoint}: cannot connect: {Reason} (attempt {Attempt}); retrying in {RetrySeconds:0.0} s", EventName = "LinkAttemptFailed")]
    public static partial void AttemptFailed(ILogger logger, string kind, string endpoint, string reason, int attempt, double retrySeconds);

    [LoggerMessage(4003, LogLevel.Warning, "Link to the plane ({Kind}) at {Endpoint}: still unreachable; retrying quietly with backoff, logging again when the reason changes or the link comes up", EventName = "LinkGoingQuiet")]
    public static partial void GoingQuiet(ILogger logger, string kind, string endpoint);

    [LoggerMessage(4004, LogLevel.Warning, "Link to the plane ({Kind}) at {Endpoint}: cannot connect: {Reason} (attempt {Attempt})", EventName = "LinkStillFailing")]
    public static partial void StillFailing(ILogger logger, string kind, string endpoint, string reason, int attempt);

    [LoggerMessage(4010, LogLevel.Information, "Accepted desired state revision {Revision} ({Workloads} workloads) from the plane", EventName = "DesiredAccepted")]
    public static partial void DesiredAccepted(ILogger logger, long revision, int workloads);

    [LoggerMessage(4011, LogLevel.Warning, "Dropped desired state from the plane: {Reason}; acknowledged so it is not redelivered, revision {Revision} stays in force", EventName = "DesiredDropped")]
    public static partial void DesiredDropped(ILogger logger, string reason, long revision);

    [LoggerMessage(4012, LogLevel.Debug, "Desired state revision {Revision} from the plane is already in force", EventName = "DesiredUnchanged")]
    public static partial void DesiredUnchanged(ILogger logger, long revision);

    [LoggerMessage(4013, LogLevel.Error, "Could not persist desired state from the plane: {Reason}; not acknowledged, it is delivered again after a reconnect", EventName = "DesiredNotPersisted")]
    public static partial void DesiredNotPersisted(ILogger logger, string reason);

    [LoggerMessage(4014, LogLevel.Debug, "Dropped desired state from the plane again: {Reason}", EventName = "DesiredDroppedAgain")]
    public static partial void DesiredDroppedAgain(ILogger logger, string reason);

    [LoggerMessage(4020, LogLevel.Warning, "Reporting to the plane failed: {Reason}; retried after reconnect", EventName = "ReportFailed")]
    public static partial void ReportFailed(ILogger logger, string reason);

    [LoggerMessage(4021, LogLevel.Warning, "The plane refused {What}: {Reason}; kept in the outbox and retried after reconnect", EventName = "PublishRefused")]
    public static partial void PublishRefused(ILogger logger, string what, string reason);

    [LoggerMessage(4022, LogLevel.Warning, "Reading the local store for a report failed: {Reason}", EventName = "ReportStoreFailed")]
    public static partial void ReportStoreFailed(ILogger logger, string reason);

    [LoggerMessage(4023, LogLevel.Information, "Node capacity now {CpuMillis} mCPU, {MemoryBytes} bytes of memory (from the runtime); reported to the plane", EventName = "CapacityChanged")]
    public static partial void CapacityChanged(ILogger logger, long cpuMillis, long memoryBytes);

    [LoggerMessage(4024, LogLevel.Warning, "Reading the node's capacity from the runtime failed: {Reason}; the last figure stays reported", EventName = "CapacityUnreadable")]
    public static partial void CapacityUnreadable(ILogger logger, string reason);
}
