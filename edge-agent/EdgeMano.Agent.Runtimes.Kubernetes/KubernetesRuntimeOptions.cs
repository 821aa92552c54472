namespace EdgeMano.Agent.Runtimes.Kubernetes;

/// <summary>How the agent reaches its cluster and where it puts the workloads it owns.</summary>
public sealed record KubernetesRuntimeOptions
{
    public const string DefaultNamespace = "edgemano";
    public const string K3sKubeconfig = "/etc/rancher/k3s/k3s.yaml";
    public const string MicroK8sKubeconfig = "/var/snap/microk8s/current/credentials/client.config";

    /// <summary>This node's id (the whole cluster is one fleet node): objects are labelled with it, and only those are touched.</summary>
    public string NodeId { get; init; } = "";

    /// <summary>Namespace for the workloads' objects; created when missing, never deleted. Later: one per network service.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>A kubeconfig to use; empty means search <see cref="KubeconfigCandidates"/>, then the in-cluster service account.</summary>
    public string KubeconfigPath { get; init; } = "";

    /// <summary>Context inside the kubeconfig; empty means its current-context.</summary>
    public string Context { get; init; } = "";

    /// <summary>Searched in order when <see cref="KubeconfigPath"/> is empty: k3s first (the edge default), then the user's.</summary>
    public IReadOnlyList<string> KubeconfigCandidates { get; init; } =
        [K3sKubeconfig, Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config"), MicroK8sKubeconfig];

    /// <summary>Written into each pod as terminationGracePeriodSeconds, so a stop the agent did not issue gets the same grace.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one ordinary API call.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side timeout of one watch request; the watch is then resumed from the last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay after a failed list or watch; doubles up to <see cref="WatchRetryMax"/>.</summary>
    public TimeSpan WatchRetryMin { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan WatchRetryMax { get; init; } = TimeSpan.FromSeconds(30);
}
