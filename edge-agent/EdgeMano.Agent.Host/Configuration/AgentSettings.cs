namespace EdgeMano.Agent.Host.Configuration;

/// <summary>Which container runtime the agent drives. Process workloads are always supervised.</summary>
public enum RuntimeChoice { Auto, Docker, Containerd, Kubernetes, Process }

/// <summary>The agent's settings after defaults, config file, environment and flags are merged.</summary>
public sealed record AgentSettings
{
    public const string DefaultConfigPath = "/etc/edgemano/agent.yaml";
    public const string DefaultStateDir = "/var/lib/edgemano";
    public const string DefaultDockerSocket = "/var/run/docker.sock";
    public const string DefaultContainerdSocket = "/run/containerd/containerd.sock";
    public const string DefaultContainerdNamespace = "edgemano";
    public const string DefaultKubeNamespace = "edgemano";

    public required string NodeId { get; init; }
    public string StateDir { get; init; } = DefaultStateDir;
    public RuntimeChoice Runtime { get; init; } = RuntimeChoice.Auto;
    public string DockerSocket { get; init; } = DefaultDockerSocket;
    public string ContainerdSocket { get; init; } = DefaultContainerdSocket;
    public string ContainerdNamespace { get; init; } = DefaultContainerdNamespace;
    /// <summary>Cluster build only. Empty: search k3s's, the user's and MicroK8s's kubeconfig, then in-cluster.</summary>
    public string Kubeconfig { get; init; } = "";
    /// <summary>Cluster build only. Empty: the kubeconfig's current-context.</summary>
    public string KubeContext { get; init; } = "";
    public string KubeNamespace { get; init; } = DefaultKubeNamespace;
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);
    public string LogLevel { get; init; } = "info";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The plane's MQTT broker (mqtt://host:port); null: no uplink over MQTT.</summary>
    public Uri? Broker { get; init; }
    /// <summary>The plane's gRPC endpoint for AgentSync.Sync (http://host:port); null: no uplink over gRPC.</summary>
    public Uri? Plane { get; init; }
    /// <summary>Where `apply` and `status` reach the running daemon.</summary>
    public string ControlSocket => Path.Combine(StateDir, "agent.sock");
}
