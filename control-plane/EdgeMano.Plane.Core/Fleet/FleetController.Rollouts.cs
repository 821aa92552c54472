using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Placement;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>
/// Rollouts: a deployment with a <c>rollout:</c> block whose workloads change does not move every
/// node at once. The deployment takes the new spec, and each of its nodes is composed from the new
/// workloads only once <see cref="RolloutMachine"/> put it on target; the others keep the old
/// workloads. <see cref="AdvanceRollouts"/> (called on a timer) lets the machine judge the nodes'
/// reports and moves the nodes it decides on. The rollout is stored before a node is told anything.
/// </summary>
public sealed partial class FleetController
{
    /// <summary>Per deployment: latest rollout and revision history.</summary>
    private readonly Dictionary<string, RolloutRecord> _rollouts = new(StringComparer.Ordinal);
    /// <summary>Running rollouts: the deployment as nodes off target still get it, and the nodes on target.</summary>
    private readonly Dictionary<string, Rolling> _rolling = new(StringComparer.Ordinal);

    private sealed record Rolling(Deployment Old, IReadOnlySet<string> Target);

    private void LoadRollouts(IEnumerable<RolloutRecord> records)
    {
        foreach (var record in records)
        {
            _rollouts[record.Deployment] = record;
            if (record.IsActive && record.FromSpec is { } from && _deployments.TryGetValue(record.Deployment, out var deployment))
                _rolling[record.Deployment] = new Rolling(WithWorkloadsOf(deployment, from), record.Latest!.TargetNodes());
        }
    }

    /// <summary>The latest rollout of a deployment, running or finished; null when it never had one.</summary>
    public Rollout? RolloutOf(string deployment)
    {
        lock (_gate) return _rollouts.GetValueOrDefault(deployment)?.Latest;
    }

    /// <summary>The deployment's revisions, oldest first; null when the deployment does not exist.</summary>
    public RevisionHistory? HistoryOf(string deployment)
    {
        lock (_gate)
        {
            if (!_deployments.ContainsKey(deployment)) return null;
            return _rollouts.TryGetValue(deployment, out var record) ? record.History : RolloutRecord.Empty(deployment).History;
        }
    }

    /// <summary>Why an apply to a deployment must wait, or null.</summary>
    private string? RolloutConflict(string deployment) =>
        _rollouts.TryGetValue(deployment, out var record) && record.IsActive
            ? $"deployment '{deployment}' is rolling out generation {record.Latest!.To.Generation} ({record.Latest.State}): "
              + "wait for it to finish, or pause it and roll it back, before applying another change"
            : null;

    /// <summary>
    /// Records an apply in the history and, when the workloads changed on a deployment with a
    /// rollout block that runs somewhere, starts a rollout (Pending: no node is moved yet).
    /// </summary>
    private RolloutRecord RecordApply(Deployment? before, Deployment after, DateTimeOffset now)
    {
        var record = _rollouts.GetValueOrDefault(after.Name) ?? RolloutRecord.Empty(after.Name);
        var same = before is not null && SameWorkloads(before.Spec, after.Spec);
        // Where the old generation runs; only looked for (a pass over every node) when a rollout could start.
        var nodes = before is null || same || after.Spec.Rollout is null
            ? []
            : _compositions.Where(c => c.Value.Placed.Contains(after.Name)).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        if (before is null || after.Spec.Rollout is not { } spec || nodes.Count == 0)
        {
            var reason = before is null ? "created" : same ? "workloads unchanged" : "applied to every node at once";
            record = record with { History = record.History.RecordApplied(after, before?.Generation ?? 0, reason) };
            _rollouts[after.Name] = record;
            return record;
        }
        var from = RolloutRevision.Of(before.Generation, before.Spec.Package?.ToString() ?? "", NodeComposer.AsDelivered(before.Spec));
        var to = RolloutRevision.Of(after.Generation, after.Spec.Package?.ToString() ?? "", NodeComposer.AsDelivered(after.Spec));
        var rollout = RolloutMachine.Start($"{after.Name}-{after.Generation}", after.Name, from, to, nodes, spec, now);
        record = record with { Latest = rollout, FromSpec = before.Spec, History = record.History.Record(rollout, after.Spec) };
        _rollouts[after.Name] = record;
        _rolling[after.Name] = new Rolling(WithWorkloadsOf(after, before.Spec), rollout.TargetNodes());
        _rolloutEvents.Add((after.Name, rollout.History));
        return record;
    }

    /// <summary>Deleted deployments take their rollouts and history with them.</summary>
    private void ForgetRollouts(IEnumerable<string> deployments)
    {
        foreach (var name in deployments)
        {
            _rollouts.Remove(name);
            _rolling.Remove(name);
        }
    }

    private static bool SameWorkloads(DeploymentSpec a, DeploymentSpec b) => a.Workloads.Equals(b.Workloads);

    /// <summary>The deployment as a node off target runs it: everything current but the old workloads.</summary>
    private static Deployment WithWorkloadsOf(Deployment deployment, DeploymentSpec old) =>
        deployment with { Spec = deployment.Spec with { Workloads = old.Workloads, Package = old.Package, PackageDigest = old.PackageDigest } };

    /// <summary>The deployment as <paramref name="node"/> must run it now.</summary>
    private Deployment AsRunOn(string node, Deployment deployment) =>
        _rolling.TryGetValue(deployment.Name, out var rolling) && !rolling.Target.Contains(node) ? rolling.Old : deployment;

    /// <summary>
    /// Lets every running rollout judge its nodes' latest reports and move on; stores each rollout
    /// that changed with the desired states its decision caused. Returns the states to publish and
    /// the rollouts' new timeline events.
    /// </summary>
    public FleetUpdate<RolloutProgress> AdvanceRollouts()
    {
        lock (_gate)
        {
            if (_rolling.Count == 0 && _rolloutEvents.Count == 0) return new(RolloutProgress.None, []);
            var now = _time.GetUtcNow();
            var issued = new List<DesiredState>();
            string? failure = null;
            foreach (var name in _rolling.Keys.Order(StringComparer.Ordinal).ToList())
            {
                var rollout = _rollouts[name].Latest!;
                var step = RolloutMachine.Observe(rollout, NodesOf(rollout), now);
                if (step.Rollout.Equals(rollout with { UpdatedAt = step.Rollout.UpdatedAt })) continue;
                try
                {
                    issued.AddRange(TakeStep(name, step, now));
                }
                catch (IOException ex)
                {
                    // The step was undone; the next call takes it again. What earlier steps issued
                    // is stored, so it is still handed back for publishing.
                    failure = $"rollout of {name}: {ex.Message}";
                    break;
                }
            }
            return new(new RolloutProgress(TakeRolloutEvents(), failure), issued);
        }
    }

    public enum RolloutCommand { Pause, Resume, Rollback }

    /// <summary>Pauses, resumes or rolls back a deployment's running rollout; the result's Error says why not.</summary>
    public FleetUpdate<RolloutCommandResult> ControlRollout(string deployment, RolloutCommand command, string reason = "")
    {
        lock (_gate)
        {
            if (!_deployments.ContainsKey(deployment)) return new(new(null, $"deployment '{deployment}' not found", NotFound: true), []);
            if (_rollouts.GetValueOrDefault(deployment)?.Latest is not { } rollout)
                return new(new(null, $"deployment '{deployment}' has no rollout: one starts when its workloads change and it has a rollout block", NotFound: true), []);
            var now = _time.GetUtcNow();
            var step = command switch
            {
                RolloutCommand.Pause => RolloutMachine.Pause(rollout, now, reason),
                RolloutCommand.Resume => RolloutMachine.Resume(rollout, now),
                _ => RolloutMachine.Rollback(rollout, now, reason),
            };
            if (step.Error is { } error) return new(new(rollout, error), []);
            var issued = TakeStep(deployment, step, now);
            return new(new(_rollouts[deployment].Latest, null), issued);
        }
    }

    /// <summary>
    /// The spec a manual rollback of a deployment with no running rollout applies again: that of
    /// <paramref name="generation"/>, or of the newest earlier generation that reached every node.
    /// </summary>
    public (DeploymentSpec? Spec, string? Error) SpecToRollBackTo(string deployment, long? generation)
    {
        lock (_gate)
        {
            if (!_deployments.TryGetValue(deployment, out var current)) return (null, $"deployment '{deployment}' not found");
            var history = _rollouts.GetValueOrDefault(deployment)?.History;
            var entry = generation is { } wanted
                ? history?.Find(wanted)
                : history?.Entries.LastOrDefault(e => e.Result == RolloutState.Succeeded && e.Spec is not null
                    && e.Generation != current.Generation && !e.Spec.Workloads.Equals(current.Spec.Workloads));
            if (entry?.Spec is null)
            {
                return (null, generation is { } g
                    ? $"generation {g} of deployment '{deployment}' is not in its revision history (the last {RevisionHistory.Limit} are kept)"
                    : $"deployment '{deployment}' has no earlier revision with other workloads that reached every node");
            }
            return (entry.Spec, null);
        }
    }

    /// <summary>Stores a transition of a running rollout and moves the nodes it decided on; at its end, settles the deployment.</summary>
    private List<DesiredState> TakeStep(string name, RolloutStep step, DateTimeOffset now)
    {
        var restore = SaveAll();
        var before = _rollouts[name];
        var rollout = step.Rollout;
        _rolloutEvents.Add((name, new ValueList<RolloutEvent>(rollout.History.Skip(before.Latest!.History.Count))));
        var record = before with { Latest = rollout, History = before.History.Record(rollout) };
        if (rollout.IsFinished) return FinishRollout(name, record, restore, now);

        _rolling[name] = _rolling[name] with { Target = rollout.TargetNodes() };
        _rollouts[name] = record;
        var ordered = Ordered();
        var issued = new List<DesiredState>();
        foreach (var id in step.Decision.ToTarget.Concat(step.Decision.ToSource).Distinct(StringComparer.Ordinal))
        {
            if (!_nodes.TryGetValue(id, out var node)) continue;
            _compositions[id] = Compose(node, ordered);
            if (IssueIfChanged(id, now, force: false) is { } state) issued.Add(state);
        }
        // A wave is a few nodes: their states are written with the rollout, not behind it.
        CommitOrRestore(new PlaneChange { UpsertRollouts = [record], Issued = issued, Nodes = NodesOf(issued) }, restore);
        return issued;
    }

    /// <summary>
    /// Succeeded: every node gets the new workloads. Rolled back (or failed to confirm the
    /// rollback): the old spec becomes the deployment's again, as a new generation.
    /// </summary>
    private List<DesiredState> FinishRollout(string name, RolloutRecord record, Action restore, DateTimeOffset now)
    {
        _rolling.Remove(name);
        var rollout = record.Latest!;
        var change = new PlaneChange();
        if (rollout.State != RolloutState.Succeeded && record.FromSpec is { } old)
        {
            var current = _deployments[name];
            var reverted = current with { Spec = old, Generation = current.Generation + 1, UpdatedAt = now };
            _deployments[name] = reverted;
            record = record with { History = record.History.RecordApplied(reverted, current.Generation, $"rollback of {rollout.Id}: the spec of generation {rollout.From.Generation} again") };
            change = change with { UpsertDeployments = [reverted] };
        }
        record = record with { FromSpec = null };
        _rollouts[name] = record;
        return CommitFleetChange(change with { UpsertRollouts = [record] }, restore, now);
    }

    private List<NodeRecord> NodesOf(Rollout rollout)
    {
        var nodes = new List<NodeRecord>();
        foreach (var wave in rollout.Waves)
        {
            foreach (var step in wave.Nodes)
            {
                if (_nodes.TryGetValue(step.Node, out var node)) nodes.Add(node);
            }
        }
        return nodes;
    }

    /// <summary>Timeline events of the rollouts changed under the lock, for the caller to log once committed.</summary>
    private readonly List<(string Deployment, ValueList<RolloutEvent> Events)> _rolloutEvents = [];

    private List<(string, RolloutEvent)> TakeRolloutEvents()
    {
        var events = _rolloutEvents.SelectMany(batch => batch.Events.Select(e => (batch.Deployment, e))).ToList();
        _rolloutEvents.Clear();
        return events;
    }
}

/// <summary>What advancing the rollouts did: their new timeline events, and why it stopped early (the store refused a step), if it did.</summary>
public sealed record RolloutProgress(IReadOnlyList<(string Deployment, RolloutEvent Event)> Events, string? Failure = null)
{
    public static readonly RolloutProgress None = new([]);
}

/// <summary>A rollout command's answer: the rollout after it, or why it was refused (nothing changed then).</summary>
public sealed record RolloutCommandResult(Rollout? Rollout, string? Error, bool NotFound = false);
