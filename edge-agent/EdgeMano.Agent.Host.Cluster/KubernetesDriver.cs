using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Runtimes.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Daemon;

// The cluster build's side of the hook that ../EdgeMano.Agent.Host/Daemon/KubernetesDriver.cs
// declares for the default build (that file is left out of this project).

/// <summary>Which executable this is.</summary>
internal static class AgentBuild
{
    public const string Executable = "edgemano-agent-cluster";
}

/// <summary>Wires the Kubernetes driver: the whole cluster is this agent's one node.</summary>
internal static class KubernetesDriver
{
    public static bool IsBuiltIn => true;

    /// <summary>
    /// For --runtime auto: the cluster configuration the driver would use, described, or null. A
    /// configured kubeconfig counts even if missing (the driver then says so); otherwise the first
    /// of k3s's, the user's and MicroK8s's kubeconfig that exists, else the pod's service account.
    /// </summary>
    public static string? Detect(AgentSettings settings)
    {
        if (settings.Kubeconfig.Length > 0) return $"kubeconfig {settings.Kubeconfig} (configured)";
        if (Options(settings).KubeconfigCandidates.FirstOrDefault(File.Exists) is { } found) return $"kubeconfig {found}";
        return KubernetesClientConfiguration.IsInCluster() ? "in-cluster service account" : null;
    }

    public static (IWorkloadRuntime Driver, string Description) Create(AgentSettings settings, ILoggerFactory loggers)
    {
        KubernetesRuntime driver;
        try
        {
            driver = new KubernetesRuntime(Options(settings), loggers.CreateLogger<KubernetesRuntime>());
        }
        catch (Exception e) when (e is RuntimeException or ArgumentException)
        {
            // Already "kubernetes: what, where, why" (no configuration, unreadable kubeconfig, bad node id).
            throw new AgentStartException(e.Message);
        }
        return (driver, $"API server {driver.Server} from {driver.ConfigSource}, namespace {settings.KubeNamespace}; the whole cluster is node {settings.NodeId}");
    }

    private static KubernetesRuntimeOptions Options(AgentSettings settings) => new()
    {
        NodeId = settings.NodeId,
        Namespace = settings.KubeNamespace,
        KubeconfigPath = settings.Kubeconfig,
        Context = settings.KubeContext,
        StopGrace = settings.StopGrace,
    };
}
