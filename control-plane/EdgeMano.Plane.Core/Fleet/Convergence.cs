using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>
/// Whether a node runs what it was last given: it has persisted the latest revision, and every
/// workload of that revision is Running with the spec hash the agent writes onto its instance
/// (nothing else is left over). "In sync" only says the node has the revision; this says it acted on it.
/// </summary>
public static class Convergence
{
    public static bool IsConverged(NodeRecord node, DesiredState? issued)
    {
        if (issued is null) return node.Workloads.Count == 0 || node.DesiredRevision == 0;
        if (node.ObservedRevision < issued.Revision || node.Workloads.Count != issued.Workloads.Count) return false;
        var reported = node.Workloads.ToDictionary(w => w.Name, StringComparer.Ordinal);
        foreach (var spec in issued.Workloads)
        {
            if (!reported.TryGetValue(spec.Name, out var w)) return false;
            if (w.Phase != "Running" || w.SpecHash != SpecHash.Compute(spec)) return false;
        }
        return true;
    }
}
