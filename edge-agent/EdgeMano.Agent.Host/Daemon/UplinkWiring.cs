using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Uplink;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>Builds the link to the plane from the settings: MQTT (--broker), gRPC Sync (--plane) or none.</summary>
internal static class UplinkWiring
{
    public static IUplink? Create(AgentSettings settings, IAgentStore store, Reconciler reconciler, IReadOnlyList<IWorkloadRuntime> drivers, ILoggerFactory loggers, ILogger logger)
    {
        var uplink = Uplinks.Create(new UplinkOptions
        {
            NodeId = settings.NodeId,
            Broker = settings.Broker,
            Plane = settings.Plane,
            Labels = settings.Labels,
            // The container runtime names the node's kind for placement; process-only nodes are "process".
            RuntimeName = drivers.FirstOrDefault(d => d.Name != "process")?.Name ?? "process",
            AgentVersion = AgentVersion.Text,
            // A cluster node's capacity is the cluster's allocatable, not this machine's.
            Capacity = drivers.OfType<ICapacityReporter>().FirstOrDefault(),
        }, store, new ReconcilerStateSource(reconciler), TimeProvider.System, loggers);
        if (uplink is null) HostLog.UplinkNone(logger);
        else HostLog.UplinkStarting(logger, uplink.Status.Kind, uplink.Status.Endpoint);
        return uplink;
    }
}
