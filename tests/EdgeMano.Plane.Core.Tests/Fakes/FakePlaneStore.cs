using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;

namespace EdgeMano.Plane.Core.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IPlaneStore"/> that applies each commit the way the real store does,
/// records every commit (and its place in a shared log), and can be told to fail the next commits.
/// A second controller built over the same instance is a restart.
/// </summary>
internal sealed class FakePlaneStore : IPlaneStore
{
    private readonly Dictionary<string, Deployment> _deployments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesiredState> _issued = new(StringComparer.Ordinal);
    private readonly List<NodeEvent> _events = [];
    private readonly Dictionary<string, EdgeMano.Plane.Core.NetworkServices.NsInstance> _networkServices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EdgeMano.Plane.Core.Rollouts.RolloutRecord> _rollouts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, EdgeMano.Plane.Core.Rollouts.RolloutRecord> StoredRollouts => _rollouts;

    /// <summary>Every commit, in order.</summary>
    public List<PlaneChange> Commits { get; } = [];

    /// <summary>A log shared with the test, so it can tell whether a commit came before a return.</summary>
    public List<string> Log { get; } = [];

    /// <summary>How many of the next commits throw, as a full disk would.</summary>
    public int FailNextCommits { get; set; }

    public IReadOnlyDictionary<string, Deployment> StoredDeployments => _deployments;

    public IReadOnlyDictionary<string, NodeRecord> StoredNodes => _nodes;

    public IReadOnlyDictionary<string, DesiredState> StoredIssued => _issued;

    /// <summary>Fleet changes whose desired states may not all be stored (see <see cref="PlaneChange.IssuedBehindDelta"/>).</summary>
    public long IssuedBehind { get; private set; }

    public PlaneSnapshot Load() => new([.. _deployments.Values], [.. _nodes.Values], [.. _issued.Values])
    {
        IssuedBehind = IssuedBehind,
        NetworkServices = [.. _networkServices.Values],
        Rollouts = [.. _rollouts.Values],
    };

    /// <summary>Runs at the start of every commit (e.g. to hold one up, as a slow disk would).</summary>
    public Action<PlaneChange>? BeforeCommit { get; set; }

    public void Commit(PlaneChange change)
    {
        BeforeCommit?.Invoke(change);
        if (FailNextCommits > 0)
        {
            FailNextCommits--;
            Log.Add("commit failed");
            throw new IOException("plane store: cannot save a change in /fake/plane.db: No space left on device");
        }
        foreach (var name in change.DeleteDeployments) _deployments.Remove(name);
        foreach (var d in change.UpsertDeployments) _deployments[d.Name] = d;
        foreach (var s in change.Issued) _issued[s.NodeId] = s;
        foreach (var n in change.Nodes) _nodes[n.Id] = n;
        foreach (var name in change.DeleteNetworkServices) _networkServices.Remove(name);
        foreach (var ns in change.UpsertNetworkServices) _networkServices[ns.Name] = ns;
        foreach (var name in change.DeleteRollouts) _rollouts.Remove(name);
        foreach (var r in change.UpsertRollouts) _rollouts[r.Deployment] = r;
        IssuedBehind = Math.Max(0, IssuedBehind + change.IssuedBehindDelta);
        Commits.Add(change);
        Log.Add("commit " + Describe(change));
    }

    public void AppendEvents(IReadOnlyList<NodeEvent> events, int keepPerNode)
    {
        foreach (var e in events)
        {
            if (!_events.Any(x => x.NodeId == e.NodeId && x.Sequence == e.Sequence)) _events.Add(e);
        }
    }

    public IReadOnlyList<NodeEvent> LoadEvents(string nodeId, int limit) =>
        _events.Where(e => e.NodeId == nodeId).OrderBy(e => e.Sequence).TakeLast(limit).ToList();

    private static string Describe(PlaneChange c) =>
        string.Join(" ", c.UpsertDeployments.Select(d => "+" + d.Name)
            .Concat(c.DeleteDeployments.Select(n => "-" + n))
            .Concat(c.Issued.Select(s => $"{s.NodeId}@{s.Revision}"))
            .Concat(c.IssuedBehindDelta == 0 ? Array.Empty<string>() : [$"behind{c.IssuedBehindDelta:+0;-0}"]));
}
