using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Runtimes.Docker;
using EdgeMano.Agent.Runtimes.Processes;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>Picks the node's drivers from the settings and says what it found and why.</summary>
internal static class RuntimeFactory
{
    public static (IReadOnlyList<IWorkloadRuntime> Runtimes, string Explanation) Create(AgentSettings settings, ILoggerFactory loggers)
    {
        var runtimes = new List<IWorkloadRuntime>();
        string explanation;
        var dockerFound = File.Exists(settings.DockerSocket);
        switch (settings.Runtime)
        {
            case RuntimeChoice.Docker:
                runtimes.Add(Docker(settings, loggers));
                explanation = dockerFound
                    ? $"runtime docker (configured) at unix://{settings.DockerSocket}"
                    : $"runtime docker (configured) at unix://{settings.DockerSocket}: socket not there yet; container workloads wait for it";
                break;
            case RuntimeChoice.Auto when dockerFound:
                runtimes.Add(Docker(settings, loggers));
                explanation = $"runtime auto: found docker at unix://{settings.DockerSocket}";
                break;
            case RuntimeChoice.Auto:
                explanation = $"runtime auto: no container runtime found (no docker socket at {settings.DockerSocket}); only process workloads can run";
                break;
            default:
                explanation = "runtime process: bare-metal processes only";
                break;
        }
        runtimes.Add(new ProcessRuntime(new ProcessRuntimeOptions
        {
            StateDirectory = settings.StateDir,
            NodeId = settings.NodeId,
            StopGrace = settings.StopGrace,
        }, loggers.CreateLogger<ProcessRuntime>()));
        return (runtimes, explanation);
    }

    private static DockerRuntime Docker(AgentSettings settings, ILoggerFactory loggers) =>
        new(new DockerRuntimeOptions { SocketPath = settings.DockerSocket, NodeId = settings.NodeId, StopGrace = settings.StopGrace },
            loggers.CreateLogger<DockerRuntime>());
}
