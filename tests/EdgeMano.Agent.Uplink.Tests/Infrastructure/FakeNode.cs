using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Uplink;

namespace EdgeMano.Agent.Uplink.Tests.Infrastructure;

/// <summary>The reconciler as the uplink sees it: a snapshot the test sets and a count of triggers.</summary>
public sealed class FakeNode(string nodeId) : INodeStateSource
{
    private int _triggers;

    public NodeSnapshot Snapshot { get; set; } = new(nodeId, 0, 0, [], null);

    public int Triggers => Volatile.Read(ref _triggers);

    public void Trigger() => Interlocked.Increment(ref _triggers);

    /// <summary>A new snapshot with these workloads, as a reconcile pass would publish it.</summary>
    public void Report(long revision, params WorkloadRecord[] workloads) =>
        Snapshot = new NodeSnapshot(nodeId, revision, revision, workloads, DateTimeOffset.UtcNow);
}
