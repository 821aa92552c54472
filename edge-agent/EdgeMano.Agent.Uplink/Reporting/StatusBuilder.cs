using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using Google.Protobuf.WellKnownTypes;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Reporting;

/// <summary>
/// Builds the NodeStatus a link sends: who the node is (NodeInfo, on every status so the plane can
/// re-register it after losing its view), the desired revision persisted in the store, and each
/// workload as the reconciler last saw it. Built at send time, so it is always the latest.
/// </summary>
internal sealed class StatusBuilder(UplinkOptions options, IAgentStore store, INodeStateSource node, TimeProvider time)
{
    private readonly Wire.NodeInfo _info = NodeInfoProbe.Create(options);

    public Wire.NodeInfo Info => _info;

    /// <summary>Takes the node's capacity from its driver (a cluster's allocatable); whether it changed.</summary>
    public bool SetCapacity(NodeCapacity capacity)
    {
        if (_info.Capacity is { } held && held.CpuMillis == capacity.CpuMillis && held.MemoryBytes == capacity.MemoryBytes) return false;
        _info.Capacity = new Wire.Capacity { CpuMillis = capacity.CpuMillis, MemoryBytes = capacity.MemoryBytes };
        return true;
    }

    /// <param name="eventsDropped">Events the outbox dropped that this agent knows of (see <see cref="ReportPump"/>).</param>
    public Wire.NodeStatus Build(long eventsDropped)
    {
        var snapshot = node.Snapshot;
        var status = new Wire.NodeStatus
        {
            NodeId = options.NodeId,
            // Persisted, i.e. acknowledged, revision: what the plane compares with what it issued.
            ObservedRevision = store.LoadDesired()?.Revision ?? 0,
            ReportedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            AgentVersion = options.AgentVersion,
            EventsDropped = eventsDropped,
            Node = _info,
        };
        status.Workloads.AddRange(snapshot.Workloads.Select(ToWire));
        return status;
    }

    public static Wire.WorkloadStatus ToWire(WorkloadRecord record)
    {
        var status = new Wire.WorkloadStatus
        {
            Name = record.Name,
            Phase = record.Phase.ToString(),
            Health = record.Health.ToString(),
            Restarts = record.Restarts,
            LastError = record.LastError,
            RuntimeId = record.RuntimeId,
            SpecHash = record.SpecHash,
            Since = record.Since == default ? null : Timestamp.FromDateTimeOffset(record.Since),
            NextRestartAt = record.NextAttemptAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
        };
        if (record.LastExitCode is { } code) status.LastExitCode = code;
        return status;
    }

    public static Wire.Event ToWire(string nodeId, AgentEvent agentEvent) => new()
    {
        NodeId = nodeId,
        Sequence = agentEvent.Sequence,
        At = Timestamp.FromDateTimeOffset(agentEvent.At),
        Workload = agentEvent.Workload,
        Reason = agentEvent.Reason,
        Message = agentEvent.Message,
        Severity = agentEvent.Severity,
    };

    /// <summary>Whether two snapshots would produce the same status (the reconcile time alone does not count).</summary>
    public static bool SameReport(NodeSnapshot? a, NodeSnapshot? b) =>
        a is not null && b is not null
        && a.ObservedRevision == b.ObservedRevision
        && a.DesiredRevision == b.DesiredRevision
        && a.Workloads.SequenceEqual(b.Workloads);
}
