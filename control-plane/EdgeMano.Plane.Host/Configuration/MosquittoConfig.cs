using System.Globalization;

namespace EdgeMano.Plane.Host.Configuration;

/// <summary>
/// A Mosquitto configuration fit for an EdgeMano fleet (`edgemano-plane mosquitto-config`). The
/// defaults are sized for a handful of clients; a plane reading a whole fleet through a few
/// connections needs deeper per-client queues, or QoS 1 messages are dropped without a word.
/// </summary>
internal static class MosquittoConfig
{
    public static string Render(int port, string? persistenceDir) => string.Create(CultureInfo.InvariantCulture, $"""
        # Mosquitto configuration for an EdgeMano fleet, written by `edgemano-plane mosquitto-config`.
        # Run the plane with --broker mqtt://THIS-HOST:{port}.
        listener {port}
        protocol mqtt
        # Until node enrollment (mTLS) exists, clients are not authenticated.
        allow_anonymous true

        # Desired state is retained per node and must survive a broker restart.
        persistence {(persistenceDir is null ? "false" : "true")}
        {(persistenceDir is null ? "" : $"persistence_location {persistenceDir.TrimEnd('/')}/")}

        # The plane takes every node's status and events over 4 connections in one $share group.
        # Mosquitto's default queue of 1000 per client overflows when thousands of nodes report at
        # once, and the overflow is dropped silently: give each client room for a whole fleet.
        max_queued_messages 100000
        max_inflight_messages 1000
        # A node that was away gets the retained latest desired state when it resubscribes; its
        # own queue only ever holds its desired topic.
        retain_available true
        set_tcp_nodelay true
        max_keepalive 300
        """);
}
