using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Reconciliation;

/// <summary>The node's runtime drivers, one per workload kind; routes each call to the right one.</summary>
public sealed class RuntimeSet(IReadOnlyList<IWorkloadRuntime> runtimes)
{
    public IReadOnlyList<IWorkloadRuntime> All { get; } = runtimes;

    public IWorkloadRuntime? For(WorkloadKind kind) => All.FirstOrDefault(r => r.Handles(kind));

    public IWorkloadRuntime ByName(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new RuntimeException($"no runtime named '{name}' on this node");

    /// <summary>Lists every runtime; one that cannot be listed is reported, not fatal.</summary>
    public async Task<Observation> ObserveAsync(CancellationToken cancellationToken)
    {
        var observed = new List<ObservedWorkload>();
        var unavailable = new Dictionary<WorkloadKind, string>();
        foreach (var runtime in All)
        {
            try
            {
                observed.AddRange(await runtime.ListAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                foreach (var kind in Enum.GetValues<WorkloadKind>())
                    if (runtime.Handles(kind)) unavailable[kind] = $"{runtime.Name} unavailable: {ex.Message}";
            }
        }
        foreach (var kind in Enum.GetValues<WorkloadKind>())
            if (For(kind) is null) unavailable[kind] = $"no runtime for {kind.ToString().ToLowerInvariant()} workloads is configured on this node";
        return new Observation(observed, unavailable);
    }
}

public sealed record Observation(IReadOnlyList<ObservedWorkload> Instances, IReadOnlyDictionary<WorkloadKind, string> Unavailable);
