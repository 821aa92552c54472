using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Rollouts;

/// <summary>
/// The rollout state machine: pure transitions from (rollout, input, now) to (rollout, decision).
/// The caller stores the new rollout, then moves the nodes the decision names (recomposes them
/// with the revision <see cref="Rollout.TargetNodes"/> says), so a crash between the two repeats
/// the move instead of losing it. No clock inside: every time is a parameter.
/// </summary>
/// <remarks>
/// Pending → (first Observe) InProgress ⇄ Paused → Succeeded; InProgress/Paused/Pending →
/// RollingBack (failures over the threshold, or Rollback) → RolledBack, or Failed when nodes do
/// not confirm the old revision within the health timeout.
/// </remarks>
public static partial class RolloutMachine
{
    /// <summary>
    /// Plans the waves (nodes in the order given, so callers can put canaries first). Pending until
    /// the first <see cref="Observe"/>, so the rollout is stored before any node is touched.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid (validate it at the API with <see cref="RolloutSpec.Validate"/>).</exception>
    public static Rollout Start(string id, string deployment, RolloutRevision from, RolloutRevision to,
        IEnumerable<string> nodes, RolloutSpec spec, DateTimeOffset now)
    {
        if (spec.Validate() is { } error) throw new ArgumentException($"rollout of {deployment}: {error}", nameof(spec));
        var distinct = nodes.Distinct(StringComparer.Ordinal).ToList();
        var size = spec.WaveSize(distinct.Count);
        var waves = distinct.Chunk(size).Select((chunk, i) => new RolloutWave
        {
            Number = i + 1,
            Nodes = new ValueList<NodeStep>(chunk.Select(node => new NodeStep { Node = node })),
        });
        var rollout = new Rollout
        {
            Id = id,
            Deployment = deployment,
            From = from,
            To = to,
            Spec = spec,
            Waves = new ValueList<RolloutWave>(waves),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var draft = new RolloutDraft(rollout, now);
        draft.Log($"planned: generation {from.Generation} to {to.Generation} on {RolloutText.Count(distinct.Count, "node")} "
            + $"in {RolloutText.Count(rollout.Waves.Count, "wave")} of up to {size}");
        if (distinct.Count == 0) draft.Finish(RolloutState.Succeeded, $"no node runs {deployment}: nothing to roll out");
        return draft.Step().Rollout;
    }

    /// <summary>Stops sending the new revision to more nodes. Nodes already on it are still judged, and failures still roll back.</summary>
    public static RolloutStep Pause(Rollout rollout, DateTimeOffset now, string reason = "")
    {
        if (rollout.State is not (RolloutState.Pending or RolloutState.InProgress))
            return Refuse(rollout, $"rollout {rollout.Id} is {rollout.State}: only a pending or running rollout can be paused");
        var draft = new RolloutDraft(rollout, now) { State = RolloutState.Paused, Reason = reason.Length > 0 ? $"paused: {reason}" : "paused by operator" };
        draft.Log(draft.Reason);
        return draft.Step();
    }

    /// <summary>Back to InProgress; the next <see cref="Observe"/> moves on where the pause stopped.</summary>
    public static RolloutStep Resume(Rollout rollout, DateTimeOffset now)
    {
        if (rollout.State != RolloutState.Paused)
            return Refuse(rollout, $"rollout {rollout.Id} is {rollout.State}: only a paused rollout can be resumed");
        var draft = new RolloutDraft(rollout, now) { State = RolloutState.InProgress, Reason = "" };
        draft.Log("resumed");
        return draft.Step();
    }

    /// <summary>Sends every node that got the new revision back to the old one.</summary>
    public static RolloutStep Rollback(Rollout rollout, DateTimeOffset now, string reason = "")
    {
        if (rollout.State == RolloutState.RollingBack)
            return Refuse(rollout, $"rollout {rollout.Id} is already rolling back");
        if (rollout.IsFinished)
            return Refuse(rollout, $"rollout {rollout.Id} is {rollout.State}: to return to generation {rollout.From.Generation}, "
                + "apply that revision again, which starts a new rollout");
        var draft = new RolloutDraft(rollout, now);
        BeginRollback(draft, reason.Length > 0 ? $"rolled back by operator: {reason}" : "rolled back by operator");
        return draft.Step();
    }

    private static RolloutStep Refuse(Rollout rollout, string error) => new(rollout, RolloutDecision.None, error);

    /// <summary>Marks every node told the new revision as reverting; with none, the rollback is already complete.</summary>
    private static void BeginRollback(RolloutDraft draft, string reason)
    {
        draft.State = RolloutState.RollingBack;
        draft.RollbackStartedAt = draft.Now;
        draft.Reason = reason;
        draft.Log(reason);
        var reverting = 0;
        for (var w = 0; w < draft.WaveCount; w++)
        {
            var wave = draft.Wave(w);
            if (!wave.Nodes.Any(n => n.OnTarget)) continue;
            draft.SetWave(w, wave with
            {
                Nodes = new ValueList<NodeStep>(wave.Nodes.Select(step =>
                {
                    if (!step.OnTarget) return step;
                    draft.SendToSource(step.Node);
                    reverting++;
                    return step with { Revert = RevertState.Reverting };
                })),
            });
        }
        if (reverting == 0) draft.Finish(RolloutState.RolledBack, $"rolled back: no node had generation {draft.Original.To.Generation} yet");
    }
}
