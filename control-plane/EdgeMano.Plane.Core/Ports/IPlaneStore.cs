using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Core.Ports;

/// <summary>Everything the plane keeps, as loaded at start.</summary>
public sealed record PlaneSnapshot(
    IReadOnlyList<Deployment> Deployments,
    IReadOnlyList<NodeRecord> Nodes,
    IReadOnlyList<DesiredState> Issued,
    IReadOnlyList<StoredPackage>? Packages = null)
{
    /// <summary>
    /// Fleet changes whose desired states may have been published but not yet written when the
    /// plane stopped (see <see cref="PlaneChange.IssuedBehindDelta"/>); 0 after a clean stop.
    /// </summary>
    public long IssuedBehind { get; init; }

    /// <summary>Instantiated network services (their deployments are in <see cref="Deployments"/>).</summary>
    public IReadOnlyList<NsInstance> NetworkServices { get; init; } = [];

    /// <summary>Per deployment, its latest rollout and revision history.</summary>
    public IReadOnlyList<RolloutRecord> Rollouts { get; init; } = [];
}

/// <summary>One atomic change: deployments and the desired states they caused go to disk together.</summary>
public sealed record PlaneChange
{
    public IReadOnlyList<Deployment> UpsertDeployments { get; init; } = [];
    public IReadOnlyList<string> DeleteDeployments { get; init; } = [];
    public IReadOnlyList<DesiredState> Issued { get; init; } = [];
    public IReadOnlyList<NodeRecord> Nodes { get; init; } = [];
    public IReadOnlyList<StoredPackage> UpsertPackages { get; init; } = [];
    /// <summary>Keys (<see cref="PackageKey.Of"/>) of packages to delete.</summary>
    public IReadOnlyList<string> DeletePackages { get; init; } = [];
    /// <summary>
    /// Added to the stored count of fleet changes whose desired states are not all on disk yet:
    /// +1 by a change whose states are written later, minus what a later write of them covered.
    /// The count is what lets a restarted plane issue revisions above any it may have published.
    /// </summary>
    public long IssuedBehindDelta { get; init; }
    public IReadOnlyList<NsInstance> UpsertNetworkServices { get; init; } = [];
    /// <summary>Names of network service instances to delete.</summary>
    public IReadOnlyList<string> DeleteNetworkServices { get; init; } = [];
    public IReadOnlyList<RolloutRecord> UpsertRollouts { get; init; } = [];
    /// <summary>Deployment names whose rollout records go (the deployment was deleted).</summary>
    public IReadOnlyList<string> DeleteRollouts { get; init; } = [];
}

/// <summary>
/// The plane's durable memory. A call that returned is on disk. Node status is written in
/// batches (a lost batch is rebuilt from the nodes' retained status messages).
/// </summary>
public interface IPlaneStore
{
    PlaneSnapshot Load();

    void Commit(PlaneChange change);

    /// <summary>Stores events, ignoring any (node, sequence) already stored; keeps the newest <paramref name="keepPerNode"/> per node.</summary>
    void AppendEvents(IReadOnlyList<NodeEvent> events, int keepPerNode);

    /// <summary>The newest <paramref name="limit"/> events of a node, oldest first.</summary>
    IReadOnlyList<NodeEvent> LoadEvents(string nodeId, int limit);
}
