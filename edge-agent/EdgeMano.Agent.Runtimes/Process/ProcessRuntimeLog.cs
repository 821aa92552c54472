using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Log messages of the process driver; event ids 3400-3449.</summary>
internal static partial class ProcessRuntimeLog
{
    [LoggerMessage(EventId = 3400, EventName = "ProcessStarted", Level = LogLevel.Information,
        Message = "process: started {Workload} as pid {Pid} ({Executable}), log {LogPath}")]
    public static partial void Started(ILogger logger, string workload, int pid, string executable, string logPath);

    [LoggerMessage(EventId = 3401, EventName = "ProcessExited", Level = LogLevel.Information,
        Message = "process: {Workload} (pid {Pid}) exited with code {ExitCode}")]
    public static partial void Exited(ILogger logger, string workload, int pid, string exitCode);

    [LoggerMessage(EventId = 3402, EventName = "ProcessAdopted", Level = LogLevel.Information,
        Message = "process: adopted running {Workload} (pid {Pid}) started at {StartedAt}")]
    public static partial void Adopted(ILogger logger, string workload, int pid, DateTimeOffset startedAt);

    [LoggerMessage(EventId = 3403, EventName = "ProcessKilledAfterGrace", Level = LogLevel.Warning,
        Message = "process: {Workload} (pid {Pid}) still running {Grace} after SIGTERM; sending SIGKILL to its process group")]
    public static partial void KilledAfterGrace(ILogger logger, string workload, int pid, TimeSpan grace);

    [LoggerMessage(EventId = 3404, EventName = "ProcessRemoved", Level = LogLevel.Information,
        Message = "process: removed {Workload} (pid {Pid})")]
    public static partial void Removed(ILogger logger, string workload, int pid);

    [LoggerMessage(EventId = 3405, EventName = "ProcessMarkerUnreadable", Level = LogLevel.Warning,
        Message = "process: ignoring unreadable marker {Path}: {Reason}")]
    public static partial void MarkerUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3406, EventName = "ProcessPidReused", Level = LogLevel.Warning,
        Message = "process: marker of {Workload} names pid {Pid}, but that pid now belongs to another process (start time differs); treating {Workload} as exited and leaving the process alone")]
    public static partial void PidReused(ILogger logger, string workload, int pid);

    [LoggerMessage(EventId = 3407, EventName = "ProcessLogRotated", Level = LogLevel.Debug,
        Message = "process: rotated log {LogPath}")]
    public static partial void LogRotated(ILogger logger, string logPath);

    [LoggerMessage(EventId = 3408, EventName = "ProcessLogRotationFailed", Level = LogLevel.Warning,
        Message = "process: cannot rotate log {LogPath}: {Reason}")]
    public static partial void LogRotationFailed(ILogger logger, string logPath, string reason);

    [LoggerMessage(EventId = 3409, EventName = "ProcessBackgroundFailed", Level = LogLevel.Warning,
        Message = "process: background check of node {Node} failed: {Reason}")]
    public static partial void BackgroundFailed(ILogger logger, string node, string reason);
}
