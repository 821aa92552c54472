using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using Google.Protobuf.WellKnownTypes;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>Protobuf node traffic to plane records and back.</summary>
internal static class WireMapping
{
    /// <summary>Null when the status claims to be from another node than the one it arrived for.</summary>
    public static NodeReport? ToReport(string nodeId, Wire.NodeStatus status)
    {
        if (status.NodeId.Length > 0 && status.NodeId != nodeId) return null;
        var info = status.Node;
        if (info is not null && info.NodeId.Length > 0 && info.NodeId != nodeId) return null;
        return new NodeReport
        {
            NodeId = nodeId,
            Identity = new NodeIdentity
            {
                Labels = info is null ? ValueMap.Empty : new ValueMap(info.Labels),
                Arch = info?.Arch ?? "",
                Runtime = info?.Runtime ?? "",
                CpuMillis = info?.Capacity?.CpuMillis ?? 0,
                MemoryBytes = info?.Capacity?.MemoryBytes ?? 0,
                AgentVersion = info?.AgentVersion is { Length: > 0 } v ? v : status.AgentVersion,
            },
            ObservedRevision = status.ObservedRevision,
            EventsDropped = status.EventsDropped,
            ReportedAt = status.ReportedAt?.ToDateTimeOffset(),
            Workloads = new ValueList<ReportedWorkload>(status.Workloads.Select(w => new ReportedWorkload
            {
                Name = w.Name,
                Phase = w.Phase,
                Health = w.Health,
                Restarts = w.Restarts,
                LastExitCode = w.HasLastExitCode ? w.LastExitCode : null,
                LastError = w.LastError,
                SpecHash = w.SpecHash,
                Since = w.Since?.ToDateTimeOffset(),
            })),
        };
    }

    public static NodeEvent ToNodeEvent(string nodeId, Wire.Event e) => new()
    {
        NodeId = nodeId,
        Sequence = e.Sequence,
        At = e.At?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
        Workload = e.Workload,
        Reason = e.Reason,
        Message = e.Message,
        Severity = e.Severity,
    };

    public static Wire.Event ToWire(NodeEvent e) => new()
    {
        NodeId = e.NodeId,
        Sequence = e.Sequence,
        At = Timestamp.FromDateTimeOffset(e.At),
        Workload = e.Workload,
        Reason = e.Reason,
        Message = e.Message,
        Severity = e.Severity,
    };

    public static Wire.WorkloadStatus ToWire(ReportedWorkload w)
    {
        var status = new Wire.WorkloadStatus
        {
            Name = w.Name, Phase = w.Phase, Health = w.Health, Restarts = w.Restarts, LastError = w.LastError, SpecHash = w.SpecHash,
        };
        if (w.LastExitCode is { } code) status.LastExitCode = code;
        if (w.Since is { } since) status.Since = Timestamp.FromDateTimeOffset(since);
        return status;
    }
}
