namespace EdgeMano.Agent.Core.Runtime;

/// <summary>
/// A driver whose node is bigger than this machine (a whole Kubernetes cluster) says what it can
/// hold, so placement weighs the cluster's allocatable rather than the box the agent runs on.
/// </summary>
public interface ICapacityReporter
{
    /// <summary>What the node can hold now, or null when it cannot tell (e.g. no ready node); throws when it cannot be asked.</summary>
    Task<NodeCapacity?> ReadCapacityAsync(CancellationToken cancellationToken);
}

/// <summary>CPU in millicores and memory in bytes.</summary>
public sealed record NodeCapacity(long CpuMillis, long MemoryBytes);
