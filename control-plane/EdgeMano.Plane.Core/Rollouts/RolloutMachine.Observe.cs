using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Rollouts;

public static partial class RolloutMachine
{
    /// <summary>
    /// Judges the nodes on the new revision from their latest reports, then moves on: rolls back
    /// when a wave's failures pass the threshold, finishes a wave when every node in it passed or
    /// failed, starts the next one, and tells more nodes of the wave as
    /// <see cref="RolloutSpec.MaxUnavailable"/> allows. Call it on every status of the rollout's
    /// nodes and on a timer (timeouts and soaks end with time alone).
    /// </summary>
    /// <param name="nodes">The fleet records of (at least) the rollout's nodes; others are ignored.</param>
    public static RolloutStep Observe(Rollout rollout, IReadOnlyCollection<NodeRecord> nodes, DateTimeOffset now)
    {
        if (rollout.IsFinished) return new(rollout, RolloutDecision.None);
        var draft = new RolloutDraft(rollout, now);
        var byId = new Dictionary<string, NodeRecord>(StringComparer.Ordinal);
        foreach (var node in nodes) byId[node.Id] = node;

        if (draft.State == RolloutState.RollingBack)
        {
            ObserveRollback(draft, byId);
            return draft.Step();
        }
        if (draft.State == RolloutState.Pending)
        {
            draft.State = RolloutState.InProgress;
            draft.Log("started");
        }
        if (draft.Wave(draft.CurrentWave).StartedAt is null)
        {
            if (draft.State == RolloutState.InProgress) StartWave(draft);
            return draft.Step();
        }

        var wave = JudgeWave(draft, byId);
        var failed = wave.Nodes.Where(n => n.State == NodeStepState.Failed).ToList();
        var allowed = draft.Spec.AllowedFailures(wave.Nodes.Count);
        if (failed.Count > allowed)
        {
            BeginRollback(draft, $"wave {wave.Number}: {failed.Count} of {RolloutText.Count(wave.Nodes.Count, "node")} failed "
                + $"(failure threshold {draft.Spec.FailureThreshold:0.##} allows {allowed}): {RolloutText.Nodes(failed)}");
            return draft.Step();
        }
        if (wave.Nodes.All(n => n.Done))
        {
            FinishWave(draft, wave, failed);
        }
        else if (draft.State == RolloutState.InProgress)
        {
            TellMore(draft);
        }
        return draft.Step();
    }

    private static void StartWave(RolloutDraft draft)
    {
        var wave = draft.Wave(draft.CurrentWave) with { StartedAt = draft.Now };
        draft.SetWave(draft.CurrentWave, wave);
        draft.Log($"wave {wave.Number} of {draft.WaveCount} started: {RolloutText.Count(wave.Nodes.Count, "node")}");
        TellMore(draft);
    }

    /// <summary>Tells waiting nodes of the current wave the new revision, keeping updating ones within MaxUnavailable.</summary>
    private static void TellMore(RolloutDraft draft)
    {
        var wave = draft.Wave(draft.CurrentWave);
        var room = draft.Spec.MaxUnavailable == 0
            ? int.MaxValue
            : draft.Spec.MaxUnavailable - wave.Nodes.Count(n => n.State == NodeStepState.Updating);
        if (room <= 0 || !wave.Nodes.Any(n => n.State == NodeStepState.Waiting)) return;
        var steps = wave.Nodes.ToArray();
        for (var i = 0; i < steps.Length && room > 0; i++)
        {
            if (steps[i].State != NodeStepState.Waiting) continue;
            steps[i] = steps[i] with { State = NodeStepState.Updating, UpdatedAt = draft.Now, WaitingSince = draft.Now, Reason = "told the new revision" };
            draft.SendToTarget(steps[i].Node);
            room--;
        }
        draft.SetWave(draft.CurrentWave, wave with { Nodes = new ValueList<NodeStep>(steps) });
    }

    private static void FinishWave(RolloutDraft draft, RolloutWave wave, List<NodeStep> failed)
    {
        draft.SetWave(draft.CurrentWave, wave with { FinishedAt = draft.Now });
        var tolerated = failed.Count == 0 ? "" : $"; {RolloutText.Count(failed.Count, "node")} failed within the threshold: {RolloutText.Nodes(failed)}";
        draft.Log($"wave {wave.Number} of {draft.WaveCount} passed{tolerated}");
        if (draft.CurrentWave == draft.WaveCount - 1)
        {
            var failedOverall = Enumerable.Range(0, draft.WaveCount).SelectMany(w => draft.Wave(w).Nodes).Where(n => n.State == NodeStepState.Failed).ToList();
            var note = failedOverall.Count == 0 ? "" : $"; {RolloutText.Count(failedOverall.Count, "node")} failed within the threshold and keep it: {RolloutText.Nodes(failedOverall)}";
            draft.Finish(RolloutState.Succeeded, $"generation {draft.Original.To.Generation} runs on every node{note}");
            return;
        }
        draft.CurrentWave++;
        // A paused rollout finishes the wave it is in but does not start the next.
        if (draft.State == RolloutState.InProgress) StartWave(draft);
    }

    /// <summary>Updates every node of the current wave that is on trial from its report.</summary>
    private static RolloutWave JudgeWave(RolloutDraft draft, Dictionary<string, NodeRecord> byId)
    {
        var wave = draft.Wave(draft.CurrentWave);
        var steps = wave.Nodes.ToArray();
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i].State is NodeStepState.Updating or NodeStepState.Soaking)
                steps[i] = Judge(steps[i], byId.GetValueOrDefault(steps[i].Node), draft);
        }
        wave = wave with { Nodes = new ValueList<NodeStep>(steps) };
        draft.SetWave(draft.CurrentWave, wave);
        return wave;
    }

    private static NodeStep Judge(NodeStep step, NodeRecord? node, RolloutDraft draft)
    {
        var now = draft.Now;
        var judgement = NodeJudge.OnRevision(node, draft.Original.To);
        if (judgement.Verdict == Verdict.Failed) return Fail(step, judgement.Detail, now);
        if (judgement.Restarts is { } restarts)
        {
            // The agent counts restarts per spec, so any rise while on trial is the new version crashing.
            for (var i = 0; step.RestartBaseline is { } baseline && i < restarts.Length; i++)
            {
                if (restarts[i] > baseline[i])
                    return Fail(step, $"{draft.Original.To.Workloads[i].Name} restarted {restarts[i] - baseline[i]} time(s) on the new revision (crash loop)", now);
            }
            step = step with { RestartBaseline = new ValueList<int>(restarts) };
        }
        if (judgement.Verdict == Verdict.Healthy)
        {
            var since = step.HealthySince ?? now;
            if (now - since >= draft.Spec.Soak)
                return step with { State = NodeStepState.Passed, HealthySince = since, WaitingSince = null, FinishedAt = now, Reason = "" };
            return step with { State = NodeStepState.Soaking, HealthySince = since, WaitingSince = null, Reason = $"healthy since {since:O}, soaking" };
        }
        var waiting = step.WaitingSince ?? now;
        if (now - waiting >= draft.Spec.HealthTimeout)
            return Fail(step with { WaitingSince = waiting }, $"{judgement.Detail}, and no healthy report within {RolloutText.Duration(draft.Spec.HealthTimeout)}", now);
        return step with { State = NodeStepState.Updating, HealthySince = null, WaitingSince = waiting, Reason = judgement.Detail };
    }

    private static NodeStep Fail(NodeStep step, string reason, DateTimeOffset now) =>
        step with { State = NodeStepState.Failed, FinishedAt = now, Reason = reason };

    /// <summary>Counts nodes back on the old revision; done when all are, Failed when some have not confirmed within the health timeout.</summary>
    private static void ObserveRollback(RolloutDraft draft, Dictionary<string, NodeRecord> byId)
    {
        var from = draft.Original.From;
        var pending = new List<NodeStep>();
        for (var w = 0; w < draft.WaveCount; w++)
        {
            var wave = draft.Wave(w);
            if (!wave.Nodes.Any(n => n.Revert == RevertState.Reverting)) continue;
            draft.SetWave(w, wave with
            {
                Nodes = new ValueList<NodeStep>(wave.Nodes.Select(step =>
                {
                    if (step.Revert != RevertState.Reverting) return step;
                    if (NodeJudge.IsBackOn(byId.GetValueOrDefault(step.Node), from, draft.Original.To, out var detail))
                        return step with { Revert = RevertState.Reverted };
                    pending.Add(step with { Reason = detail });
                    return step;
                })),
            });
        }
        if (pending.Count == 0)
        {
            draft.Finish(RolloutState.RolledBack, $"rolled back: every node told generation {draft.Original.To.Generation} reports generation {from.Generation} again ({draft.Reason})");
        }
        else if (draft.Now - draft.RollbackStartedAt >= draft.Spec.HealthTimeout)
        {
            draft.Finish(RolloutState.Failed, $"rollback not confirmed within {RolloutText.Duration(draft.Spec.HealthTimeout)} by "
                + $"{RolloutText.Count(pending.Count, "node")} (they were sent generation {from.Generation} and get it when they report): {RolloutText.Nodes(pending)}");
        }
    }
}
