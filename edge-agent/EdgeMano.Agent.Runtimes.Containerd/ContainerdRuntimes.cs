using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>What the Host wires: the containerd driver and the image importer.</summary>
public static class ContainerdRuntimes
{
    /// <summary>
    /// The containerd driver (<see cref="IWorkloadRuntime.Name"/> "containerd"). It holds one channel to the
    /// socket: dispose it (it is <see cref="IDisposable"/>) when the agent stops. Connects lazily, so
    /// creating it never fails because containerd is not up yet.
    /// </summary>
    public static IWorkloadRuntime Create(ContainerdOptions options, ILoggerFactory? loggers = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ContainerdRuntime(options, (loggers ?? NullLoggerFactory.Instance).CreateLogger("EdgeMano.Agent.Runtimes.Containerd"),
            timeProvider ?? TimeProvider.System);
    }

    /// <summary>Imports docker-archive tarballs (docker save) into <see cref="ContainerdOptions.Namespace"/>, no ctr needed.</summary>
    public static ContainerdImageImporter CreateImporter(ContainerdOptions options, ILoggerFactory? loggers = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ContainerdImageImporter(options, (loggers ?? NullLoggerFactory.Instance).CreateLogger("EdgeMano.Agent.Runtimes.Containerd"),
            timeProvider ?? TimeProvider.System);
    }
}
