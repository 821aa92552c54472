using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Core.Reconciliation;

/// <summary>Reconciler log messages; event ids 1000-1099.</summary>
internal static partial class ReconcilerLog
{
    [LoggerMessage(1000, LogLevel.Information, "Reconciled revision {Revision}: {Commands} command(s), {Failed} failed, in {ElapsedMs:0.0} ms ({RuntimeMs:0.0} ms in runtimes)", EventName = "Reconciled")]
    public static partial void Reconciled(ILogger logger, long revision, int commands, int failed, double elapsedMs, double runtimeMs);

    [LoggerMessage(1001, LogLevel.Information, "{Command}", EventName = "Executing")]
    public static partial void Executing(ILogger logger, string command);

    [LoggerMessage(1002, LogLevel.Warning, "{Command} failed: {Error}", EventName = "CommandFailed")]
    public static partial void CommandFailed(ILogger logger, string command, string error);

    [LoggerMessage(1003, LogLevel.Warning, "{Workload}: {Reason}: {Message}", EventName = "WorkloadEvent")]
    public static partial void WorkloadEvent(ILogger logger, string workload, string reason, string message);

    [LoggerMessage(1004, LogLevel.Warning, "Runtime {Runtime} event stream ended ({Error}); resubscribing", EventName = "WatchEnded")]
    public static partial void WatchEnded(ILogger logger, string runtime, string error);

    [LoggerMessage(1005, LogLevel.Error, "Reconcile failed: {Error}", EventName = "ReconcileFailed")]
    public static partial void ReconcileFailed(ILogger logger, string error);

    [LoggerMessage(1006, LogLevel.Debug, "{Workload}: probe {Result}: {Detail}", EventName = "Probe")]
    public static partial void Probe(ILogger logger, string workload, string result, string detail);

    [LoggerMessage(1007, LogLevel.Information, "First reconcile completed in {ElapsedMs:0.0} ms ({RuntimeMs:0.0} ms in runtimes) after start", EventName = "FirstReconcile")]
    public static partial void FirstReconcile(ILogger logger, double elapsedMs, double runtimeMs);
}
