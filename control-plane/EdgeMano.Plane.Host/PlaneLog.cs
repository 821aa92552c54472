namespace EdgeMano.Plane.Host;

/// <summary>Plane host log events: ids 1000-1099.</summary>
internal static partial class PlaneLog
{
    [LoggerMessage(1000, LogLevel.Information, "edgemano-plane {Version} ready: http://{Listen}:{HttpPort} (REST /api/v1, gRPC, console), {Link}, state {StateFile}", EventName = "Ready")]
    public static partial void Ready(ILogger logger, string version, string listen, int httpPort, string link, string stateFile);

    [LoggerMessage(1001, LogLevel.Warning, "Cannot publish desired revision {Revision} for node {Node} on {Link}: {Reason}; retrying", EventName = "PublishFailed")]
    public static partial void PublishFailed(ILogger logger, string node, long revision, string link, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "Dropped a {Kind} from node {Node}: {Reason} (further ones from this node are counted, not logged)", EventName = "PayloadDropped")]
    public static partial void PayloadDropped(ILogger logger, string kind, string node, string reason);

    [LoggerMessage(1003, LogLevel.Error, "Cannot write node status/events to the store: {Reason}", EventName = "StoreWriteFailed")]
    public static partial void StoreWriteFailed(ILogger logger, string reason);

    [LoggerMessage(1004, LogLevel.Information, "Deployment {Name} {Outcome} (generation {Generation}): {Nodes} node(s) get a new revision", EventName = "DeploymentApplied")]
    public static partial void DeploymentApplied(ILogger logger, string name, string outcome, long generation, int nodes);

    [LoggerMessage(1005, LogLevel.Information, "Deployment {Name} deleted: {Nodes} node(s) get a new revision", EventName = "DeploymentDeleted")]
    public static partial void DeploymentDeleted(ILogger logger, string name, int nodes);

    [LoggerMessage(1006, LogLevel.Information, "Node {Node} opened a gRPC Sync stream from {Peer}", EventName = "SyncOpened")]
    public static partial void SyncOpened(ILogger logger, string node, string peer);

    [LoggerMessage(1007, LogLevel.Information, "Node {Node} closed its gRPC Sync stream", EventName = "SyncClosed")]
    public static partial void SyncClosed(ILogger logger, string node);

    [LoggerMessage(1008, LogLevel.Information, "Rollout of {Deployment}: {Message}", EventName = "RolloutEvent")]
    public static partial void RolloutEvent(ILogger logger, string deployment, string message);

    [LoggerMessage(1009, LogLevel.Information, "Rollout of {Deployment}: {Command} by operator; {Nodes} node(s) get a new revision", EventName = "RolloutCommand")]
    public static partial void RolloutCommand(ILogger logger, string deployment, string command, int nodes);

    [LoggerMessage(1010, LogLevel.Error, "Cannot advance rollouts: {Reason}; retrying", EventName = "RolloutAdvanceFailed")]
    public static partial void RolloutAdvanceFailed(ILogger logger, string reason);

    [LoggerMessage(1011, LogLevel.Debug, "Warm-up of the apply path failed (the first change will be slower, nothing else): {Reason}", EventName = "WarmupFailed")]
    public static partial void WarmupFailed(ILogger logger, string reason);

    [LoggerMessage(1020, LogLevel.Information, "Package {Name} {Version} onboarded ({Format}, {Digest}, {Vdus} VDU(s))", EventName = "PackageOnboarded")]
    public static partial void PackageOnboarded(ILogger logger, string name, string version, string format, string digest, int vdus);

    [LoggerMessage(1021, LogLevel.Information, "Package {File} refused: {Count} error(s), first: {First}", EventName = "PackageRefused")]
    public static partial void PackageRefused(ILogger logger, string file, int count, string first);

    [LoggerMessage(1022, LogLevel.Information, "Package {Name} {Version} deleted", EventName = "PackageDeleted")]
    public static partial void PackageDeleted(ILogger logger, string name, string version);
}
