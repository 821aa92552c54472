using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Kubernetes;

/// <summary>Kubernetes driver log messages; event ids 3500-3599.</summary>
internal static partial class KubernetesRuntimeLog
{
    [LoggerMessage(EventId = 3500, EventName = "KubernetesConfigured", Level = LogLevel.Information,
        Message = "Kubernetes runtime for node {NodeId}: API server {Server} from {Source}; workloads in namespace {Namespace}")]
    public static partial void Configured(ILogger logger, string nodeId, string server, string source, string @namespace);

    [LoggerMessage(EventId = 3501, EventName = "KubernetesListed", Level = LogLevel.Debug,
        Message = "Listed {Count} objects from {Resource} at resourceVersion {ResourceVersion}; watching from there")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(EventId = 3502, EventName = "KubernetesWatchEnded", Level = LogLevel.Debug,
        Message = "Watch of {Resource} ended ({Reason}); resuming from resourceVersion {ResourceVersion}")]
    public static partial void WatchEnded(ILogger logger, string resource, string reason, string resourceVersion);

    [LoggerMessage(EventId = 3503, EventName = "KubernetesWatchExpired", Level = LogLevel.Information,
        Message = "Watch of {Resource} from resourceVersion {ResourceVersion} is too old (410 Gone); listing again")]
    public static partial void WatchExpired(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 3504, EventName = "KubernetesWatchFailed", Level = LogLevel.Warning,
        Message = "Watching {Resource} failed: {Error}; retrying in {RetryIn}")]
    public static partial void WatchFailed(ILogger logger, string resource, string error, TimeSpan retryIn);

    [LoggerMessage(EventId = 3505, EventName = "KubernetesApplied", Level = LogLevel.Information,
        Message = "Applied {Object} (server-side apply, body {Hash})")]
    public static partial void Applied(ILogger logger, string @object, string hash);

    [LoggerMessage(EventId = 3506, EventName = "KubernetesUnchanged", Level = LogLevel.Debug,
        Message = "{Object} already has body {Hash}; not patched")]
    public static partial void Unchanged(ILogger logger, string @object, string hash);

    [LoggerMessage(EventId = 3507, EventName = "KubernetesDeleted", Level = LogLevel.Information,
        Message = "Deleted {Object} (propagation Background)")]
    public static partial void Deleted(ILogger logger, string @object);

    [LoggerMessage(EventId = 3508, EventName = "KubernetesNamespaceCreated", Level = LogLevel.Information,
        Message = "Created namespace {Namespace} for the node's workloads")]
    public static partial void NamespaceCreated(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 3509, EventName = "KubernetesRolloutRestart", Level = LogLevel.Information,
        Message = "Restarting {Object} by rollout (workload {Workload})")]
    public static partial void RolloutRestart(ILogger logger, string @object, string workload);

    [LoggerMessage(EventId = 3510, EventName = "KubernetesWatchRecovered", Level = LogLevel.Information,
        Message = "Watching {Resource} again")]
    public static partial void WatchRecovered(ILogger logger, string resource);

    [LoggerMessage(EventId = 3520, EventName = "HelmMechanism", Level = LogLevel.Information,
        Message = "Helm charts on {Server} are installed with {Mechanism}: {Reason}")]
    public static partial void HelmMechanism(ILogger logger, string server, string mechanism, string reason);

    [LoggerMessage(EventId = 3521, EventName = "HelmApplied", Level = LogLevel.Information,
        Message = "Helm release {Release} in {Namespace}: {Action} via {Mechanism}")]
    public static partial void HelmAction(ILogger logger, string release, string @namespace, string action, string mechanism);
}
