using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Ports;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>
/// Desired states from a fleet-wide change (apply, delete) are written behind, not before the
/// change returns: at 10,000 nodes writing them took most of a PUT (about 1.5 s of LiteDB upserts
/// while every node waited). What the change commits at once is the deployment and one more in
/// the store's count of changes whose states are not all on disk yet; a later flush writes the
/// states and takes its share off that count.
/// <para>
/// Why the count is enough: the states can be rebuilt from the deployments, which are on disk.
/// What cannot be rebuilt is which revisions were already published. After a stop that lost
/// unwritten states the count is N > 0, and every node has been sent at most N revisions above
/// its stored one, so the restarted plane issues every node again at (stored or observed
/// revision) + N + 1: above anything it may have sent. Reusing a revision would be wrong, not
/// just wasteful: an agent keeps the first state it got at a revision and refuses the same
/// number with other content. Only a stop that lost writes costs this full re-issue (agents
/// given the same workloads at a new revision change nothing); a clean stop flushes first.
/// </para>
/// </summary>
public sealed partial class FleetController
{
    /// <summary>Nodes whose issued state is newer than the stored one.</summary>
    private readonly HashSet<string> _dirtyIssued = new(StringComparer.Ordinal);
    /// <summary>The part of the store's count this controller added and has not flushed yet.</summary>
    private long _behindUnflushed;
    /// <summary>
    /// Nodes known only in memory so far (registered by a report, not yet written). A restart
    /// re-issues only nodes it knows, so a state for one of these is written with the change.
    /// </summary>
    private readonly HashSet<string> _unstoredNodes = new(StringComparer.Ordinal);
    /// <summary>Held by every write of node records or states, taken after <see cref="_gate"/> (never the other way round).</summary>
    private readonly Lock _writeOrder = new();

    /// <summary>
    /// Places the fleet again after a change to the deployments (apply, delete, a network service's
    /// instantiation or termination) and commits the change with what it issued (see the type's remarks).
    /// </summary>
    private List<DesiredState> CommitFleetChange(PlaneChange change, Action restore, DateTimeOffset now)
    {
        var issued = RecomposeAll(now);
        var complete = WithIssued(change, issued);
        CommitOrRestore(complete, restore);
        WriteBehind(issued, complete);
        return issued;
    }

    /// <summary>
    /// Completes a fleet-wide change: states of nodes never stored go into it with their records,
    /// the others are counted as behind (one more for the whole change) and written later.
    /// </summary>
    private PlaneChange WithIssued(PlaneChange change, List<DesiredState> issued)
    {
        var now = issued.Where(s => _unstoredNodes.Contains(s.NodeId)).ToList();
        return change with
        {
            Issued = now,
            Nodes = NodesOf(now),
            IssuedBehindDelta = issued.Count > now.Count ? 1 : 0,
        };
    }

    /// <summary>After the change's commit: the states it did not write wait for the next flush.</summary>
    private void WriteBehind(List<DesiredState> issued, PlaneChange committed)
    {
        if (committed.IssuedBehindDelta == 0) return;
        var written = committed.Issued.Select(s => s.NodeId).ToHashSet(StringComparer.Ordinal);
        foreach (var state in issued)
        {
            if (!written.Contains(state.NodeId)) _dirtyIssued.Add(state.NodeId);
        }
        _behindUnflushed++;
    }

    private void Stored(IEnumerable<NodeRecord> nodes)
    {
        foreach (var node in nodes) _unstoredNodes.Remove(node.Id);
    }

    /// <summary>
    /// Writes the issued states and node records changed since the last flush, in one commit. The
    /// records are taken under the lock, the write (up to a second at 10,000 nodes) runs outside
    /// it so node reports are not held up, but inside <see cref="_writeOrder"/>, which every commit
    /// of node records or states takes: no older record can land after a newer one. On a store
    /// failure they are pending again for the next flush.
    /// </summary>
    /// <returns>How many records were written.</returns>
    public int FlushPending()
    {
        List<NodeRecord> nodes;
        List<DesiredState> issued;
        long behind;
        _gate.Enter();
        try
        {
            if (_dirtyNodes.Count == 0 && _dirtyIssued.Count == 0) return 0;
            nodes = _dirtyNodes.Select(id => _nodes[id]).ToList();
            issued = _dirtyIssued.Where(_issued.ContainsKey).Select(id => _issued[id]).ToList();
            behind = _behindUnflushed;
            _dirtyNodes.Clear();
            _dirtyIssued.Clear();
            _behindUnflushed = 0;
            _writeOrder.Enter(); // before the lock is left: a commit that comes next waits for this one
        }
        finally
        {
            _gate.Exit();
        }

        Exception? failure = null;
        try
        {
            _store.Commit(new PlaneChange { Nodes = nodes, Issued = issued, IssuedBehindDelta = -behind });
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            _writeOrder.Exit(); // before taking the lock again: the order is always lock, then write order
        }

        lock (_gate)
        {
            if (failure is null)
            {
                Stored(nodes);
                return nodes.Count + issued.Count;
            }
            // Pending again; their newest values are read at the next flush.
            foreach (var node in nodes) _dirtyNodes.Add(node.Id);
            foreach (var state in issued) _dirtyIssued.Add(state.NodeId);
            _behindUnflushed += behind;
        }
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return 0;
    }

    /// <summary>
    /// At start: after a stop that may have lost writes (<paramref name="behind"/> > 0) every node
    /// is issued again above any revision the previous run may have sent (see the type's remarks);
    /// otherwise only a node whose composition is not what it was last given (placement decided
    /// otherwise this time).
    /// </summary>
    private void ReissueChanged(long behind)
    {
        var now = _time.GetUtcNow();
        var issued = new List<DesiredState>();
        foreach (var id in _nodes.Keys.ToList())
        {
            if (IssueIfChanged(id, now, force: behind > 0, skip: behind) is { } state) issued.Add(state);
        }
        if (issued.Count == 0)
        {
            // Nothing pending from the previous run can matter any more: no node holds anything.
            if (behind > 0) _store.Commit(new PlaneChange { IssuedBehindDelta = -behind });
            return;
        }
        // Counted before anything is published: a second stop before the flush must skip these too.
        var change = new PlaneChange { IssuedBehindDelta = 1 };
        _store.Commit(change);
        WriteBehind(issued, change);
        // Every node is pending again, so the flush that writes them also clears the previous run's count.
        _behindUnflushed += behind;
    }
}
