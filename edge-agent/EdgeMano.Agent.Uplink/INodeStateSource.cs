using EdgeMano.Agent.Core.Reconciliation;

namespace EdgeMano.Agent.Uplink;

/// <summary>What the uplink needs from the reconciler: its latest snapshot and a way to wake it.</summary>
public interface INodeStateSource
{
    NodeSnapshot Snapshot { get; }

    /// <summary>Asks for a reconcile soon (after a new desired state was persisted).</summary>
    void Trigger();
}

/// <summary>The daemon's reconciler seen as an <see cref="INodeStateSource"/>.</summary>
public sealed class ReconcilerStateSource(Reconciler reconciler) : INodeStateSource
{
    public NodeSnapshot Snapshot => reconciler.Snapshot;

    public void Trigger() => reconciler.Trigger();
}
