using System.Collections.Immutable;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Planning;

/// <summary>A workload whose running instance was made from another spec.</summary>
public sealed record UpdatedWorkload(HashedSpec Desired, ImmutableArray<ObservedWorkload> Stale);

/// <summary>
/// Desired x actual, with the kinds kept apart: added (nothing runs), updated (spec changed),
/// removed (runs but not desired), unchanged (an instance of the current spec exists).
/// </summary>
public sealed record WorkloadDiff(
    ImmutableArray<HashedSpec> Added,
    ImmutableArray<UpdatedWorkload> Updated,
    ImmutableArray<ObservedWorkload> Removed,
    ImmutableArray<HashedSpec> Unchanged)
{
    public bool IsEmpty => Added.IsEmpty && Updated.IsEmpty && Removed.IsEmpty;

    public static WorkloadDiff Compute(DesiredSet desired, IReadOnlyList<ObservedWorkload> observed)
    {
        var byName = new Dictionary<string, List<ObservedWorkload>>(StringComparer.Ordinal);
        foreach (var o in observed)
        {
            if (!byName.TryGetValue(o.Name, out var list)) byName[o.Name] = list = new List<ObservedWorkload>(1);
            list.Add(o);
        }

        var added = ImmutableArray.CreateBuilder<HashedSpec>();
        var updated = ImmutableArray.CreateBuilder<UpdatedWorkload>();
        var unchanged = ImmutableArray.CreateBuilder<HashedSpec>();
        foreach (var w in desired.Workloads)
        {
            if (!byName.TryGetValue(w.Name, out var instances)) { added.Add(w); continue; }
            var hasCurrent = false;
            foreach (var i in instances) hasCurrent |= i.SpecHash == w.Hash;
            if (hasCurrent) unchanged.Add(w);
            else updated.Add(new UpdatedWorkload(w, instances.ToImmutableArray()));
        }

        var removed = ImmutableArray.CreateBuilder<ObservedWorkload>();
        foreach (var (name, instances) in byName)
            if (!desired.ByName.ContainsKey(name)) removed.AddRange(instances);

        return new WorkloadDiff(added.ToImmutable(), updated.ToImmutable(), removed.ToImmutable(), unchanged.ToImmutable());
    }
}
