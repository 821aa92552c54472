using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Planning;

/// <summary>A desired state with each workload's spec hash computed once, not on every reconcile.</summary>
public sealed class DesiredSet
{
    public DesiredSet(DesiredState state)
    {
        State = state;
        Workloads = state.Workloads.Select(w => new HashedSpec(w, SpecHash.Compute(w))).ToArray();
        ByName = Workloads.ToDictionary(w => w.Spec.Name, StringComparer.Ordinal);
    }

    public DesiredState State { get; }

    public long Revision => State.Revision;

    public IReadOnlyList<HashedSpec> Workloads { get; }

    public IReadOnlyDictionary<string, HashedSpec> ByName { get; }
}

public sealed record HashedSpec(WorkloadSpec Spec, string Hash)
{
    public string Name => Spec.Name;
}
