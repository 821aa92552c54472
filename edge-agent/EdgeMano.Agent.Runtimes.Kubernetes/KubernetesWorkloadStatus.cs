using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Kubernetes;

/// <summary>
/// One owned workload as the cluster reports it: the port's observation plus what only Kubernetes
/// knows (restart count by the kubelet, the last exit, why a pod waits). For status reporting.
/// </summary>
public sealed record KubernetesWorkloadStatus
{
    public required ObservedWorkload Workload { get; init; }
    /// <summary>Deployment or StatefulSet.</summary>
    public required string Kind { get; init; }
    public required string Namespace { get; init; }
    public required string ObjectName { get; init; }
    public int AvailableReplicas { get; init; }
    /// <summary>Container restarts by the kubelet, summed over the workload's pods.</summary>
    public int RestartCount { get; init; }
    public int? LastExitCode { get; init; }
    public string LastExitReason { get; init; } = "";
    public DateTimeOffset? LastExitAt { get; init; }
    /// <summary>Why the container is not running, e.g. "ImagePullBackOff: ..."; empty when it runs.</summary>
    public string Waiting { get; init; } = "";
}

/// <summary>Allocatable resources summed over the cluster's Ready nodes.</summary>
public sealed record ClusterCapacity(long CpuMillis, long MemoryBytes, int ReadyNodes, int TotalNodes);
