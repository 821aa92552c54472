namespace EdgeMano.Proto.V1;

/// <summary>What a node topic carries (the part after em/v1/nodes/{node}/).</summary>
public enum NodeTopicKind { Desired, Status, Events, Presence }

/// <summary>
/// The MQTT topic tree shared by agent and plane (docs/architecture.md, "Topics"). One place builds
/// and parses topics so both ends cannot drift apart.
/// </summary>
public static class NodeTopics
{
    public const string Prefix = "em/v1/nodes/";
    public const string Online = "online";
    public const string Offline = "offline";
    /// <summary>MQTT client ids of agents: the node id follows, so the broker can tie a session to a node.</summary>
    public const string AgentClientIdPrefix = "em-agent-";

    public static string Desired(string nodeId) => Prefix + nodeId + "/desired";
    public static string Status(string nodeId) => Prefix + nodeId + "/status";
    public static string Events(string nodeId) => Prefix + nodeId + "/events";
    public static string Presence(string nodeId) => Prefix + nodeId + "/presence";

    /// <summary>Wildcard filter for one kind across all nodes, e.g. em/v1/nodes/+/status.</summary>
    public static string AllNodes(NodeTopicKind kind) => Prefix + "+/" + Suffix(kind);

    public static string AgentClientId(string nodeId) => AgentClientIdPrefix + nodeId;

    /// <summary>The node id of an agent's client id, or null for any other client.</summary>
    public static string? NodeOfClientId(string clientId) =>
        clientId.StartsWith(AgentClientIdPrefix, StringComparison.Ordinal) && clientId.Length > AgentClientIdPrefix.Length
            ? clientId[AgentClientIdPrefix.Length..]
            : null;

    /// <summary>Splits em/v1/nodes/{node}/{kind}; false for anything else.</summary>
    public static bool TryParse(string topic, out string nodeId, out NodeTopicKind kind)
    {
        nodeId = "";
        kind = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = topic.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0) return false;
        NodeTopicKind? parsed = rest[(slash + 1)..] switch
        {
            "desired" => NodeTopicKind.Desired,
            "status" => NodeTopicKind.Status,
            "events" => NodeTopicKind.Events,
            "presence" => NodeTopicKind.Presence,
            _ => null,
        };
        if (parsed is null) return false;
        nodeId = rest[..slash].ToString();
        kind = parsed.Value;
        return true;
    }

    private static string Suffix(NodeTopicKind kind) => kind switch
    {
        NodeTopicKind.Desired => "desired",
        NodeTopicKind.Status => "status",
        NodeTopicKind.Events => "events",
        _ => "presence",
    };
}
