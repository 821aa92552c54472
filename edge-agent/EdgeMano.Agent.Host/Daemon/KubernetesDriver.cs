using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Daemon;

// The default agent build. The cluster build (edge-agent/EdgeMano.Agent.Host.Cluster) compiles every
// other file of this project and replaces this one with its own, which wires the Kubernetes driver:
// KubernetesClient.Aot alone would take the default binary over its size and memory budget.

/// <summary>Which executable this is.</summary>
internal static class AgentBuild
{
    public const string Executable = "edgemano-agent";
}

/// <summary>The Kubernetes driver hook; this build has no Kubernetes driver.</summary>
internal static class KubernetesDriver
{
    public static bool IsBuiltIn => false;

    /// <summary>A cluster configuration found on this node, described; never one in this build.</summary>
    public static string? Detect(AgentSettings settings) => null;

    public static (IWorkloadRuntime Driver, string Description) Create(AgentSettings settings, ILoggerFactory loggers) =>
        throw new SettingsException($"runtime kubernetes needs the cluster build, edgemano-agent-cluster; this is {AgentBuild.Executable}");
}
