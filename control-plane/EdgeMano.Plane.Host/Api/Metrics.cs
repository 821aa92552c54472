using System.Globalization;
using System.Text;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Host.Delivery;

namespace EdgeMano.Plane.Host.Api;

/// <summary>GET /metrics in the Prometheus text format: the few numbers an operator alerts on.</summary>
internal static class Metrics
{
    public static void MapMetrics(this IEndpointRouteBuilder app) => app.MapGet("/metrics",
        (FleetController fleet, NodeTrafficRouter router, DesiredPublisher publisher) =>
        {
            var counts = fleet.Counts();
            var text = new StringBuilder();
            Gauge(text, "edgemano_plane_nodes", "Nodes known to the plane", counts.Nodes);
            Gauge(text, "edgemano_plane_nodes_online", "Nodes whose presence is online", counts.Online);
            Gauge(text, "edgemano_plane_nodes_in_sync", "Nodes that reported the latest revision issued to them", counts.InSync);
            Gauge(text, "edgemano_plane_deployments", "Deployments", counts.Deployments);
            Gauge(text, "edgemano_plane_desired_pending", "Nodes whose latest desired state is not yet handed to the broker", publisher.Pending);
            Counter(text, "edgemano_plane_node_payloads_dropped_total", "Malformed or oversized messages from nodes, dropped", router.Dropped);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4", Encoding.UTF8);
        });

    private static void Gauge(StringBuilder text, string name, string help, long value) => Write(text, name, help, "gauge", value);

    private static void Counter(StringBuilder text, string name, string help, long value) => Write(text, name, help, "counter", value);

    private static void Write(StringBuilder text, string name, string help, string type, long value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
