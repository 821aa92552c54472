using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Placement;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Core.Rollouts;
using EdgeMano.Plane.Core.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>A change's result: what to answer, and the desired states to publish (already stored).</summary>
public sealed record FleetUpdate<T>(T Result, IReadOnlyList<DesiredState> ToPublish);

/// <summary>
/// The plane's brain: deployments x fleet -> per-node desired state. Every mutation runs under one
/// lock, is committed to the store before it returns, and hands back the desired states that the
/// caller must publish; the states of a fleet-wide change are written behind it (see
/// FleetController.WriteBehind.cs). Node status is kept in memory and written in batches
/// (<see cref="FlushPending"/>), since each node re-sends its latest status retained.
/// </summary>
public sealed partial class FleetController
{
    private readonly Lock _gate = new();
    private readonly IPlaneStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Deployment> _deployments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesiredState> _issued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeComposition> _compositions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyNodes = new(StringComparer.Ordinal);
    private long _lastSequence;

    public FleetController(IPlaneStore store, TimeProvider time, ILogger<FleetController>? logger = null)
    {
        _store = store;
        _time = time;
        _logger = logger ?? NullLogger<FleetController>.Instance;
        var snapshot = store.Load();
        foreach (var d in snapshot.Deployments) _deployments[d.Name] = d;
        foreach (var n in snapshot.Nodes) _nodes[n.Id] = n with { Presence = Presence.Unknown };
        foreach (var s in snapshot.Issued)
        {
            _issued[s.NodeId] = s;
            // The issued state is committed together with its node, but a batch of status-only node
            // records taken before that commit can land after it and carry an older revision.
            if (_nodes.TryGetValue(s.NodeId, out var n)) _nodes[s.NodeId] = n with { DesiredRevision = s.Revision };
        }
        LoadPackages(snapshot.Packages);
        LoadRollouts(snapshot.Rollouts);
        _lastSequence = _deployments.Count == 0 ? 0 : _deployments.Values.Max(d => d.Sequence);
        var ordered = PlanPlacements();
        foreach (var node in _nodes.Values) _compositions[node.Id] = Compose(node, ordered);
        WriteNotices();
        ReissueChanged(snapshot.IssuedBehind);
    }

    public FleetUpdate<ApplyResult> Apply(DeploymentSpec spec)
    {
        lock (_gate)
        {
            if (_deployments.TryGetValue(spec.Name, out var existing) && existing.Spec.Equals(spec))
                return new(new(ApplyOutcome.Unchanged, existing), []);
            if (existing is not null && RolloutConflict(spec.Name) is { } conflict)
                return new(new(ApplyOutcome.Conflict, existing, conflict), []);
            var restore = SaveAll();
            var now = _time.GetUtcNow();
            ApplyOutcome outcome;
            Deployment deployment;
            if (existing is not null)
            {
                deployment = existing with { Spec = spec, Generation = existing.Generation + 1, UpdatedAt = now };
                outcome = ApplyOutcome.Updated;
            }
            else
            {
                deployment = new Deployment { Spec = spec, Sequence = ++_lastSequence, CreatedAt = now, UpdatedAt = now };
                outcome = ApplyOutcome.Created;
            }
            _deployments[spec.Name] = deployment;
            var rollouts = RecordApply(existing, deployment, now);
            var issued = CommitFleetChange(new PlaneChange { UpsertDeployments = [deployment], UpsertRollouts = [rollouts] }, restore, now);
            return new(new(outcome, deployment), issued);
        }
    }

    public FleetUpdate<bool> Delete(string name)
    {
        lock (_gate)
        {
            if (!_deployments.ContainsKey(name)) return new(false, []);
            var restore = SaveAll();
            _deployments.Remove(name);
            ForgetRollouts([name]);
            var issued = CommitFleetChange(new PlaneChange { DeleteDeployments = [name], DeleteRollouts = [name] }, restore, _time.GetUtcNow());
            return new(true, issued);
        }
    }

    /// <summary>A node's status: registers or updates it, and places deployments on it when its labels changed.</summary>
    public FleetUpdate<NodeRecord> Report(NodeReport report)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _nodes.TryGetValue(report.NodeId, out var before);
            if (before?.LastReportedAt is { } last && report.ReportedAt is { } at && at < last)
                return new(before, []); // overtaken by a newer report of the same node
            var restore = SaveNode(report.NodeId);
            var node = (before ?? new NodeRecord { Id = report.NodeId }) with
            {
                Identity = report.Identity,
                Presence = Presence.Online,
                LastSeen = now,
                ObservedRevision = report.ObservedRevision,
                Workloads = report.Workloads,
                EventsDropped = report.EventsDropped,
                LastReportedAt = report.ReportedAt ?? before?.LastReportedAt,
            };
            _nodes[node.Id] = node;
            if (before is null) _unstoredNodes.Add(node.Id);
            // A node ahead of what the plane issued (a local apply, or a plane whose store was
            // reset) is brought back under the plane's intent at a revision it will accept.
            var ahead = _issued.TryGetValue(node.Id, out var current) && report.ObservedRevision > current.Revision;
            if (MovesPlacement(before, node)) return Replan(node, restore, now, ahead);
            var relabelled = before is null || !before.Identity.Labels.Equals(node.Identity.Labels);
            if (relabelled) _compositions[node.Id] = Compose(node, Ordered());

            var state = relabelled || ahead ? IssueIfChanged(node.Id, now, force: ahead) : null;
            if (state is null)
            {
                _dirtyNodes.Add(node.Id);
                return new(_nodes[node.Id], []);
            }
            CommitOrRestore(new PlaneChange { Issued = [state], Nodes = [_nodes[node.Id]] }, restore);
            return new(_nodes[node.Id], [state]);
        }
    }

    public void SetPresence(string nodeId, Presence presence)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node) || node.Presence == presence) return;
            _nodes[nodeId] = node with { Presence = presence, LastSeen = presence == Presence.Online ? _time.GetUtcNow() : node.LastSeen };
            _dirtyNodes.Add(nodeId);
        }
    }

    /// <summary>Nodes changed by status or presence since the last call, for a batched write (tests stand in for the writer with it).</summary>
    public IReadOnlyList<NodeRecord> TakeDirtyNodes()
    {
        lock (_gate)
        {
            var dirty = _dirtyNodes.Select(id => _nodes[id]).ToList();
            _dirtyNodes.Clear();
            return dirty;
        }
    }

    public IReadOnlyList<DesiredState> AllIssued()
    {
        lock (_gate) return _issued.Values.ToList();
    }

    public DesiredState? IssuedFor(string nodeId)
    {
        lock (_gate) return _issued.GetValueOrDefault(nodeId);
    }

    public IReadOnlyList<NodeRecord> Nodes(ValueMap selector)
    {
        lock (_gate)
        {
            return _nodes.Values.Where(n => LabelSelector.Matches(selector, n.Identity.Labels))
                .OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Node counts in one pass under the lock, for metrics: no list, no sort (the fleet may be 10,000 nodes, scraped every few seconds).</summary>
    public FleetCounts Counts()
    {
        lock (_gate)
        {
            int online = 0, inSync = 0;
            foreach (var node in _nodes.Values)
            {
                if (node.Presence == Presence.Online) online++;
                if (node.InSync) inSync++;
            }
            return new FleetCounts(_nodes.Count, online, inSync, _deployments.Count);
        }
    }

    public NodeRecord? Node(string id)
    {
        lock (_gate) return _nodes.GetValueOrDefault(id);
    }

    public IReadOnlyList<DeploymentView> Deployments()
    {
        lock (_gate) return _deployments.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(ViewOf).ToList();
    }

    public DeploymentView? Deployment(string name)
    {
        lock (_gate) return _deployments.TryGetValue(name, out var d) ? ViewOf(d) : null;
    }

    private DeploymentView ViewOf(Deployment d)
    {
        var placed = new List<string>();
        var unplaced = new List<Unplaced>();
        foreach (var (nodeId, composition) in _compositions.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (composition.Placed.Contains(d.Name)) placed.Add(nodeId);
            unplaced.AddRange(composition.Unplaced.Where(u => u.Deployment == d.Name));
        }
        return new DeploymentView(d, placed, unplaced) { Placement = PlacementOf(d, placed), Rollout = _rollouts.GetValueOrDefault(d.Name)?.Latest };
    }

    /// <summary>Places every deployment again (planned ones over the whole fleet) and issues what changed.</summary>
    private List<DesiredState> RecomposeAll(DateTimeOffset now)
    {
        var ordered = PlanPlacements();
        var issued = new List<DesiredState>();
        foreach (var node in _nodes.Values)
        {
            _compositions[node.Id] = Compose(node, ordered);
            if (IssueIfChanged(node.Id, now, force: false) is { } state) issued.Add(state);
        }
        return issued;
    }

    /// <summary>A report that can move planned deployments: the whole fleet is placed again, under a fleet-wide undo.</summary>
    private FleetUpdate<NodeRecord> Replan(NodeRecord node, Action restoreNode, DateTimeOffset now, bool ahead)
    {
        var reported = _nodes[node.Id];
        restoreNode(); // back to before the report, so the fleet-wide undo also covers this node
        var restore = SaveAll();
        _nodes[node.Id] = reported;
        var issued = RecomposeMoved(node.Id, now);
        if (ahead && !issued.Exists(s => s.NodeId == node.Id) && IssueIfChanged(node.Id, now, force: true) is { } forced) issued.Add(forced);
        var nodes = NodesOf(issued);
        if (!issued.Exists(s => s.NodeId == node.Id)) nodes.Add(_nodes[node.Id]);
        CommitOrRestore(new PlaneChange { Issued = issued, Nodes = nodes }, restore);
        _dirtyNodes.Remove(node.Id);
        return new(_nodes[node.Id], issued);
    }

    /// <summary>Issues the node's next revision when its composition differs from what it was last given.</summary>
    /// <param name="skip">Revisions to leave out above the node's last (after a restart that may have lost some).</param>
    private DesiredState? IssueIfChanged(string nodeId, DateTimeOffset now, bool force, long skip = 0)
    {
        var node = _nodes[nodeId];
        var workloads = _compositions[nodeId].Workloads;
        _issued.TryGetValue(nodeId, out var current);
        // A node never given anything keeps its local state until a deployment selects it.
        if (current is null && workloads.Count == 0) return null;
        if (!force && current is not null && current.Workloads.Equals(workloads)) return null;

        var state = new DesiredState
        {
            NodeId = nodeId,
            Revision = Math.Max(current?.Revision ?? 0, node.ObservedRevision) + 1 + skip,
            Workloads = workloads,
            IssuedAt = now,
            Source = "plane",
        };
        _issued[nodeId] = state;
        _nodes[nodeId] = node with { DesiredRevision = state.Revision };
        return state;
    }

    private List<NodeRecord> NodesOf(List<DesiredState> issued) => issued.Select(s => _nodes[s.NodeId]).ToList();

    /// <summary>
    /// Commits, or puts memory back as it was when the store refuses the change: memory must never
    /// run ahead of disk, or a retried apply would find its spec "unchanged" and never store it, and
    /// a node would keep a revision that a restart forgets (and later issues again with other content).
    /// </summary>
    private void CommitOrRestore(PlaneChange change, Action restore)
    {
        try
        {
            lock (_writeOrder) _store.Commit(change);
        }
        catch
        {
            restore();
            _notices.Clear();
            throw;
        }
        Stored(change.Nodes);
        WriteNotices();
    }

    /// <summary>How to undo a change to the whole fleet (apply, delete): copies, as recomposing is O(nodes) anyway.</summary>
    private Action SaveAll()
    {
        var deployments = new Dictionary<string, Deployment>(_deployments, StringComparer.Ordinal);
        var nodes = new Dictionary<string, NodeRecord>(_nodes, StringComparer.Ordinal);
        var issued = new Dictionary<string, DesiredState>(_issued, StringComparer.Ordinal);
        var compositions = new Dictionary<string, NodeComposition>(_compositions, StringComparer.Ordinal);
        var chosen = new Dictionary<string, HashSet<string>>(_chosen, StringComparer.Ordinal); // the sets are replaced, never changed
        var placements = new Dictionary<string, DeploymentPlacement>(_placements, StringComparer.Ordinal);
        var rollouts = new Dictionary<string, RolloutRecord>(_rollouts, StringComparer.Ordinal);
        var rolling = new Dictionary<string, Rolling>(_rolling, StringComparer.Ordinal);
        var rolloutEvents = _rolloutEvents.Count; // events of a change that is undone never happened
        var lastSequence = _lastSequence;
        return () =>
        {
            Refill(_deployments, deployments);
            Refill(_nodes, nodes);
            Refill(_issued, issued);
            Refill(_compositions, compositions);
            Refill(_chosen, chosen);
            Refill(_placements, placements);
            Refill(_rollouts, rollouts);
            Refill(_rolling, rolling);
            _rolloutEvents.RemoveRange(rolloutEvents, _rolloutEvents.Count - rolloutEvents);
            _lastSequence = lastSequence;
        };
    }

    /// <summary>How to undo a change to one node (a report): the node is then as if the report never came, so the next one retries.</summary>
    private Action SaveNode(string nodeId)
    {
        var node = _nodes.GetValueOrDefault(nodeId);
        var issued = _issued.GetValueOrDefault(nodeId);
        var composition = _compositions.GetValueOrDefault(nodeId);
        return () =>
        {
            Put(_nodes, nodeId, node);
            Put(_issued, nodeId, issued);
            Put(_compositions, nodeId, composition);
            if (node is null) _dirtyNodes.Remove(nodeId);
        };
    }

    private static void Refill<T>(Dictionary<string, T> target, Dictionary<string, T> saved)
    {
        target.Clear();
        foreach (var (key, value) in saved) target[key] = value;
    }

    private static void Put<T>(Dictionary<string, T> target, string key, T? value) where T : class
    {
        if (value is null) target.Remove(key);
        else target[key] = value;
    }
}

/// <summary>A deployment with where it is placed and where it could not go.</summary>
/// <param name="Unplaced">Chosen nodes it could not go on because another deployment holds a name or host port there.</param>
public sealed record DeploymentView(Deployment Deployment, IReadOnlyList<string> Nodes, IReadOnlyList<Unplaced> Unplaced)
{
    /// <summary>The placement's answer: copies wanted, "cannot place ..." when short, matching nodes refused and why.</summary>
    public DeploymentPlacement Placement { get; init; } = new() { Deployment = Deployment.Name };
    /// <summary>Its latest rollout, running or finished; null when it never had one.</summary>
    public Rollouts.Rollout? Rollout { get; init; }
}

public readonly record struct FleetCounts(int Nodes, int Online, int InSync, int Deployments);
