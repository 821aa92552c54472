namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>How the agent reaches containerd, where it keeps its objects and which containers are its own.</summary>
public sealed record ContainerdOptions
{
    public const string DefaultSocketPath = "/run/containerd/containerd.sock";
    public const string DefaultNamespace = "edgemano";
    public const string DefaultLogDirectory = "/var/log/edgemano/containers";

    /// <summary>Unix socket of containerd's gRPC API.</summary>
    public string SocketPath { get; init; } = DefaultSocketPath;

    /// <summary>containerd namespace for the agent's images, containers and tasks.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>Each container's stdout and stderr go to <c>{LogDirectory}/{container id}.log</c>.</summary>
    public string LogDirectory { get; init; } = DefaultLogDirectory;

    /// <summary>This node's id: containers are labelled with it, and only those are ever touched.</summary>
    public string NodeId { get; init; } = "";

    /// <summary>Grace between SIGTERM and SIGKILL when a stale container of ours must be cleared before a create.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one ordinary API call.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A static init binary (e.g. /usr/bin/tini-static, which docker.io installs as docker-init) bind-mounted
    /// into every container as PID 1, so a shell or sleep as the workload still dies on SIGTERM and zombies
    /// are reaped, like Docker's Init. Null: the workload itself is PID 1.
    /// </summary>
    public string? InitPath { get; init; }

    public string Snapshotter { get; init; } = "overlayfs";

    /// <summary>The shim; runc v2 is what containerd 1.6 ships and the only one that accepts file:// log URIs here.</summary>
    public string RuntimeType { get; init; } = "io.containerd.runc.v2";
}
