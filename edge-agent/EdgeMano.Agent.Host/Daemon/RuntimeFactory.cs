using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Runtimes.Containerd;
using EdgeMano.Agent.Runtimes.Docker;
using EdgeMano.Agent.Runtimes.Processes;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>
/// Picks the node's container driver from the settings and says what it found and why. auto looks,
/// in order, for a Kubernetes cluster (cluster build only), the Docker socket, the containerd socket;
/// with none of them only process workloads run. The process driver is always there.
/// </summary>
internal static class RuntimeFactory
{
    /// <summary>Static init binaries bind-mounted as PID 1 of containerd containers (docker.io installs tini-static).</summary>
    private static readonly string[] InitCandidates = ["/usr/bin/tini-static", "/usr/bin/docker-init"];

    /// <summary>Refuses, before anything is opened, a runtime this build does not have.</summary>
    public static void CheckAvailable(AgentSettings settings)
    {
        if (settings.Runtime == RuntimeChoice.Kubernetes && !KubernetesDriver.IsBuiltIn)
            throw new SettingsException(
                $"runtime kubernetes: this {AgentBuild.Executable} is the default agent build (drivers: docker, containerd, process); " +
                "the Kubernetes driver is only in the cluster build, edgemano-agent-cluster: run that on a node that manages a k3s or MicroK8s cluster (docs/runtimes.md)");
    }

    public static (IReadOnlyList<IWorkloadRuntime> Runtimes, string Explanation) Create(AgentSettings settings, ILoggerFactory loggers)
    {
        CheckAvailable(settings);
        var (container, explanation) = ContainerDriver(settings, loggers);
        var runtimes = new List<IWorkloadRuntime>();
        if (container is not null) runtimes.Add(container);
        runtimes.Add(new ProcessRuntime(new ProcessRuntimeOptions
        {
            StateDirectory = settings.StateDir,
            NodeId = settings.NodeId,
            StopGrace = settings.StopGrace,
        }, loggers.CreateLogger<ProcessRuntime>()));
        return (runtimes, explanation);
    }

    private static (IWorkloadRuntime? Driver, string Explanation) ContainerDriver(AgentSettings settings, ILoggerFactory loggers)
    {
        var dockerFound = File.Exists(settings.DockerSocket);
        var containerdFound = File.Exists(settings.ContainerdSocket);
        switch (settings.Runtime)
        {
            case RuntimeChoice.Docker:
                return (Docker(settings, loggers), dockerFound
                    ? $"runtime docker (configured) at unix://{settings.DockerSocket}"
                    : $"runtime docker (configured) at unix://{settings.DockerSocket}: socket not there yet; container workloads wait for it");
            case RuntimeChoice.Containerd:
                return (Containerd(settings, loggers, out var init), containerdFound
                    ? $"runtime containerd (configured) at unix://{settings.ContainerdSocket}, namespace {settings.ContainerdNamespace}, {init}"
                    : $"runtime containerd (configured) at unix://{settings.ContainerdSocket}, namespace {settings.ContainerdNamespace}: socket not there yet; container workloads wait for it");
            case RuntimeChoice.Kubernetes:
                var cluster = KubernetesDriver.Create(settings, loggers);
                return (cluster.Driver, $"runtime kubernetes (configured): {cluster.Description}");
            case RuntimeChoice.Auto:
                if (KubernetesDriver.Detect(settings) is { } clusterConfig)
                {
                    var found = KubernetesDriver.Create(settings, loggers);
                    return (found.Driver, $"runtime auto: found a Kubernetes cluster ({clusterConfig}): {found.Description}");
                }
                var clusterNote = KubernetesDriver.IsBuiltIn ? "no kubeconfig and not in a pod; " : "";
                if (dockerFound)
                    return (Docker(settings, loggers), $"runtime auto: {clusterNote}found docker at unix://{settings.DockerSocket}" +
                        (containerdFound ? $" (containerd at unix://{settings.ContainerdSocket} is there too, unused: docker comes first; --runtime containerd picks it)" : ""));
                if (containerdFound)
                    return (Containerd(settings, loggers, out var autoInit), $"runtime auto: {clusterNote}no docker socket at {settings.DockerSocket}; found containerd at unix://{settings.ContainerdSocket}, namespace {settings.ContainerdNamespace}, {autoInit}");
                return (null, $"runtime auto: {clusterNote}no container runtime found (no docker socket at {settings.DockerSocket}, no containerd socket at {settings.ContainerdSocket}); only process workloads can run");
            default:
                return (null, "runtime process: bare-metal processes only");
        }
    }

    private static DockerRuntime Docker(AgentSettings settings, ILoggerFactory loggers) =>
        new(new DockerRuntimeOptions { SocketPath = settings.DockerSocket, NodeId = settings.NodeId, StopGrace = settings.StopGrace },
            loggers.CreateLogger<DockerRuntime>());

    private static IWorkloadRuntime Containerd(AgentSettings settings, ILoggerFactory loggers, out string initNote)
    {
        var init = InitCandidates.FirstOrDefault(File.Exists);
        initNote = init is null
            ? $"no init for containers (none of {string.Join(", ", InitCandidates)}: the workload is PID 1)"
            : $"init {init}";
        return ContainerdRuntimes.Create(new ContainerdOptions
        {
            SocketPath = settings.ContainerdSocket,
            Namespace = settings.ContainerdNamespace,
            // Beside the process driver's logs: the state dir is the one place the agent owns.
            LogDirectory = Path.Combine(settings.StateDir, "containerd", settings.NodeId),
            NodeId = settings.NodeId,
            StopGrace = settings.StopGrace,
            InitPath = init,
        }, loggers);
    }
}
