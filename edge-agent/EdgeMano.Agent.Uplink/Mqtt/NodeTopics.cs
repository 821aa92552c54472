namespace EdgeMano.Agent.Uplink.Mqtt;

/// <summary>The node's MQTT topics (docs: DESIGN.md "Topics and contracts"). A node only uses its own.</summary>
internal sealed record NodeTopics(string NodeId)
{
    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>plane → node, retained, QoS 1, protobuf DesiredState.</summary>
    public string Desired => $"em/v1/nodes/{NodeId}/desired";

    /// <summary>node → plane, retained, QoS 1, protobuf NodeStatus.</summary>
    public string Status => $"em/v1/nodes/{NodeId}/status";

    /// <summary>node → plane, QoS 1, protobuf Event.</summary>
    public string Events => $"em/v1/nodes/{NodeId}/events";

    /// <summary>node → plane, retained UTF-8 "online"; Last Will "offline".</summary>
    public string Presence => $"em/v1/nodes/{NodeId}/presence";

    public string ClientId => $"em-agent-{NodeId}";
}
