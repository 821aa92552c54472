using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Reconciliation;

namespace EdgeMano.Agent.Host.Status;

/// <summary>Builds the status view from the daemon's last snapshot or, when it is not running, from the store.</summary>
internal static class StatusReader
{
    /// <summary>The outbox holds at most this many (its capacity); counting further is pointless.</summary>
    private const int PendingLimit = 1000;

    public static StatusView FromSnapshot(NodeSnapshot snapshot, IAgentStore store, bool agentRunning)
    {
        var desired = store.LoadDesired();
        var kinds = KindsOf(desired);
        return new StatusView
        {
            NodeId = snapshot.NodeId,
            AgentRunning = agentRunning,
            DesiredRevision = desired?.Revision ?? 0,
            ObservedRevision = snapshot.ObservedRevision,
            LastReconcileAt = snapshot.LastReconcileAt,
            EventsPending = store.PeekEvents(PendingLimit).Count,
            Workloads = snapshot.Workloads.Select(r => WorkloadStatusView.From(r, kinds.GetValueOrDefault(r.Name, ""))).ToList(),
        };
    }

    /// <summary>The last recorded state, read straight from the store (no daemon to ask).</summary>
    public static StatusView FromStore(IAgentStore store, string nodeId)
    {
        var desired = store.LoadDesired();
        var kinds = KindsOf(desired);
        return new StatusView
        {
            NodeId = desired?.NodeId ?? nodeId,
            AgentRunning = false,
            DesiredRevision = desired?.Revision ?? 0,
            EventsPending = store.PeekEvents(PendingLimit).Count,
            Workloads = store.LoadRecords().Values.OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => WorkloadStatusView.From(r, kinds.GetValueOrDefault(r.Name, ""))).ToList(),
        };
    }

    private static Dictionary<string, string> KindsOf(DesiredState? desired) =>
        (desired?.Workloads ?? ValueList<WorkloadSpec>.Empty).ToDictionary(w => w.Name, w => w.Kind.ToString().ToLowerInvariant(), StringComparer.Ordinal);
}
