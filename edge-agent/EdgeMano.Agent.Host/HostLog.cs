using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host;

/// <summary>Host log messages; event ids 2000-2099.</summary>
internal static partial class HostLog
{
    [LoggerMessage(2000, LogLevel.Information, "{Executable} {Version} starting: node {NodeId}, state {StateDir}, runtimes {Runtimes}", EventName = "Starting")]
    public static partial void Starting(ILogger logger, string executable, string version, string nodeId, string stateDir, string runtimes);

    [LoggerMessage(2001, LogLevel.Information, "Accepted desired state revision {Revision} ({Workloads} workloads) from {Source}", EventName = "DesiredAccepted")]
    public static partial void DesiredAccepted(ILogger logger, long revision, int workloads, string source);

    [LoggerMessage(2002, LogLevel.Warning, "Rejected desired state: {Reason}", EventName = "DesiredRejected")]
    public static partial void DesiredRejected(ILogger logger, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Control socket: {Error}", EventName = "ControlError")]
    public static partial void ControlError(ILogger logger, string error);

    [LoggerMessage(2004, LogLevel.Information, "{Message}", EventName = "RuntimeDetected")]
    public static partial void RuntimeDetected(ILogger logger, string message);

    [LoggerMessage(2006, LogLevel.Information, "Link to the plane: {Kind} {Endpoint} (connects in the background; workloads do not wait for it)", EventName = "UplinkStarting")]
    public static partial void UplinkStarting(ILogger logger, string kind, string endpoint);

    [LoggerMessage(2007, LogLevel.Information, "No link to the plane configured (--broker, --plane): local only", EventName = "UplinkNone")]
    public static partial void UplinkNone(ILogger logger);

    [LoggerMessage(2005, LogLevel.Information, "Stopping: workloads keep running and will be adopted at the next start", EventName = "Stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(2008, LogLevel.Debug, "Gave back {Kb} kB of clean executable pages to the page cache", EventName = "WorkingSetTrimmed")]
    public static partial void WorkingSetTrimmed(ILogger logger, long kb);
}
