using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Runtime;

/// <summary>
/// The one narrow port every runtime driver implements (Docker, containerd, process, ...).
/// Nothing above it knows which runtime runs. A driver only ever lists, changes or removes what it
/// created itself for this node (ownership labels or markers); everything else is left alone.
/// </summary>
public interface IWorkloadRuntime
{
    /// <summary>Short name for logs and status, e.g. "docker" or "process".</summary>
    string Name { get; }

    /// <summary>Whether this driver runs workloads of the given kind.</summary>
    bool Handles(WorkloadKind kind);

    /// <summary>Every workload instance this node's agent owns on this runtime, running or not.</summary>
    Task<IReadOnlyList<ObservedWorkload>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates and starts a new instance, labelled with <paramref name="specHash"/>.</summary>
    Task<ObservedWorkload> CreateAsync(WorkloadSpec spec, string specHash, CancellationToken cancellationToken);

    /// <summary>Starts an existing, stopped instance again (a restart by policy).</summary>
    Task StartAsync(ObservedWorkload instance, CancellationToken cancellationToken);

    /// <summary>Stops (TERM, then KILL after <paramref name="grace"/>) and deletes an instance.</summary>
    Task RemoveAsync(ObservedWorkload instance, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Runs a command inside the instance (exec health probes); returns its exit code.</summary>
    Task<int> ExecAsync(ObservedWorkload instance, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Changes to owned instances (exits, deaths, removals) as they happen. Completes when
    /// cancelled; a driver that loses its event source ends the stream and the caller resubscribes.
    /// </summary>
    IAsyncEnumerable<RuntimeEvent> WatchAsync(CancellationToken cancellationToken);
}

/// <summary>Raised by drivers for anything an operator must read: names what failed and why.</summary>
public sealed class RuntimeException(string message, Exception? inner = null) : Exception(message, inner);
