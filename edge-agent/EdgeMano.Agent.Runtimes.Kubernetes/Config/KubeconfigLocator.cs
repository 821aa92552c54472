using EdgeMano.Agent.Core.Runtime;
using k8s;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Config;

/// <summary>A client configuration and where it came from (said in the log and in errors).</summary>
internal sealed record ResolvedConfig(KubernetesClientConfiguration Configuration, string Source, string KubeconfigPath);

/// <summary>
/// Finds the cluster: an explicit kubeconfig, else the first candidate that exists (k3s's, the
/// user's, MicroK8s's), else the pod's service account when the agent runs inside the cluster.
/// </summary>
internal static class KubeconfigLocator
{
    public static ResolvedConfig Resolve(KubernetesRuntimeOptions options, Func<bool>? isInCluster = null)
    {
        var context = string.IsNullOrEmpty(options.Context) ? null : options.Context;
        if (!string.IsNullOrEmpty(options.KubeconfigPath))
        {
            if (!File.Exists(options.KubeconfigPath))
                throw new RuntimeException($"kubernetes: kubeconfig {options.KubeconfigPath} (set in the agent's configuration) does not exist");
            return Load(options.KubeconfigPath, context, $"kubeconfig {options.KubeconfigPath} (configured)");
        }
        foreach (var candidate in options.KubeconfigCandidates)
            if (File.Exists(candidate))
                return Load(candidate, context, $"kubeconfig {candidate} (first found of {string.Join(", ", options.KubeconfigCandidates)})");

        if ((isInCluster ?? KubernetesClientConfiguration.IsInCluster)())
        {
            try
            {
                return new ResolvedConfig(KubernetesClientConfiguration.InClusterConfig(), "in-cluster service account (no kubeconfig found)", "");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new RuntimeException($"kubernetes: cannot load the in-cluster service account configuration: {e.Message}", e);
            }
        }
        throw new RuntimeException(
            $"kubernetes: no cluster configuration: none of {string.Join(", ", options.KubeconfigCandidates)} exists and the agent is not running in a pod (KUBERNETES_SERVICE_HOST unset); set the kubeconfig path");
    }

    private static ResolvedConfig Load(string path, string? context, string source)
    {
        try
        {
            return new ResolvedConfig(KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context), source, path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RuntimeException($"kubernetes: cannot load kubeconfig {path}: {e.Message}", e);
        }
    }
}
