using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Rollouts;

internal enum Verdict { Healthy, NotYet, Failed }

/// <summary>What a node's latest report says about one revision.</summary>
/// <param name="Restarts">Per workload of the revision, in its order; null unless the node runs all of them.</param>
internal readonly record struct Judgement(Verdict Verdict, string Detail, int[]? Restarts);

/// <summary>
/// Reads a node's report against a revision. Only workloads of that revision are looked at (a node
/// runs other deployments too), matched by name and recognised by spec hash, since the hash is
/// what proves the node runs the new spec and not the old one under the same name.
/// </summary>
internal static class NodeJudge
{
    /// <summary>Running and healthy on <paramref name="revision"/>, failing on it, or not there (yet).</summary>
    public static Judgement OnRevision(NodeRecord? node, RolloutRevision revision)
    {
        if (node is null) return new(Verdict.NotYet, "is not in the fleet", null);
        // A report from before the link dropped proves nothing about now.
        if (node.Presence == Presence.Offline) return new(Verdict.NotYet, "is offline", null);

        string? waiting = null;
        var restarts = new int[revision.Workloads.Count];
        var allThere = true;
        for (var i = 0; i < restarts.Length; i++)
        {
            var wanted = revision.Workloads[i];
            var reported = Find(node, wanted.Name);
            if (reported is null || reported.SpecHash != wanted.SpecHash)
            {
                allThere = false;
                waiting ??= node.ObservedRevision < node.DesiredRevision
                    ? $"has not applied revision {node.DesiredRevision} yet (at {node.ObservedRevision})"
                    : $"does not run the new spec of {wanted.Name} yet";
                continue;
            }
            if (Is(reported.Phase, "Failed"))
                return new(Verdict.Failed, $"{wanted.Name} failed{Cause(reported)}", null);
            if (Is(reported.Health, "Unhealthy"))
                return new(Verdict.Failed, $"{wanted.Name} is unhealthy{Cause(reported)}", null);
            restarts[i] = reported.Restarts;
            if (!Is(reported.Phase, "Running")) waiting ??= $"{wanted.Name} is {Phase(reported.Phase)}";
            else if (!IsHealthyOrUnprobed(reported.Health)) waiting ??= $"{wanted.Name} has no health result yet";
        }
        return new(waiting is null ? Verdict.Healthy : Verdict.NotYet, waiting ?? "", allThere ? restarts : null);
    }

    /// <summary>
    /// Whether the node is back on <paramref name="from"/>: every old workload at its old hash, and
    /// none of the workloads only the new revision had. Any phase: the rollback only has to
    /// restore the old intent; whether the old version runs well is not the rollout's to judge.
    /// </summary>
    public static bool IsBackOn(NodeRecord? node, RolloutRevision from, RolloutRevision to, out string detail)
    {
        detail = "";
        if (node is null) { detail = "is not in the fleet"; return false; }
        if (node.Presence == Presence.Offline) { detail = "is offline"; return false; }
        foreach (var wanted in from.Workloads)
        {
            if (Find(node, wanted.Name)?.SpecHash != wanted.SpecHash)
            {
                detail = $"does not report the old spec of {wanted.Name} yet";
                return false;
            }
        }
        foreach (var added in to.Workloads)
        {
            if (from.Workloads.Any(w => w.Name == added.Name)) continue;
            if (Find(node, added.Name) is not null)
            {
                detail = $"still runs {added.Name}, which only the new revision has";
                return false;
            }
        }
        return true;
    }

    private static Fleet.ReportedWorkload? Find(NodeRecord node, string name)
    {
        foreach (var workload in node.Workloads)
        {
            if (workload.Name == name) return workload;
        }
        return null;
    }

    /// <summary>"healthy", or "none"/"" when the workload has no probe: running is then all there is to know.</summary>
    private static bool IsHealthyOrUnprobed(string health) => health.Length == 0 || Is(health, "Healthy") || Is(health, "None");

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static string Phase(string phase) => phase.Length == 0 ? "not reported" : phase;

    private static string Cause(Fleet.ReportedWorkload workload) =>
        workload.LastError.Length > 0 ? $": {workload.LastError}"
        : workload.LastExitCode is { } code ? $" (exit code {code})"
        : "";
}
