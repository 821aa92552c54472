using EdgeMano.Agent.Core.Runtime;
namespace EdgeMano.Agent.Uplink;

/// <summary>How the agent reaches the plane and what it says about itself. Exactly one of
/// <see cref="Broker"/> (MQTT 5) and <see cref="Plane"/> (gRPC Sync) is set.</summary>
public sealed record UplinkOptions
{
    public required string NodeId { get; init; }
    /// <summary>mqtt://host[:port] (default port 1883).</summary>
    public Uri? Broker { get; init; }
    /// <summary>http://host:port of the plane's gRPC endpoint (h2c), or https://.</summary>
    public Uri? Plane { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>docker | process | containerd | kubernetes: the node's main runtime, for placement.</summary>
    public string RuntimeName { get; init; } = "process";
    public string AgentVersion { get; init; } = "0.0.0";
    /// <summary>First reconnect delay ceiling; doubles per failed attempt up to <see cref="ReconnectMax"/> (full jitter).</summary>
    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Changes closer together than this are folded into one status.</summary>
    public TimeSpan StatusDebounce { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>How long the broker keeps the session (subscription, queued QoS 1) while the node is away.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Connect, publish and subscribe each give up after this long (the link is then treated as lost).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>A desired-state payload larger than this is dropped unread.</summary>
    public int MaxDesiredBytes { get; init; } = 4 * 1024 * 1024;
    /// <summary>After the plane refused an event (e.g. not authorized), wait this long before offering it again.</summary>
    public TimeSpan RefusedRetry { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Events sent per batch before the outbox is acknowledged.</summary>
    public int EventBatch { get; init; } = 100;
    /// <summary>Where the node's capacity comes from when it is not this machine's (a cluster); null = CPUs and MemTotal here.</summary>
    public ICapacityReporter? Capacity { get; init; }
    /// <summary>How often <see cref="Capacity"/> is asked again (a cluster gains and loses nodes).</summary>
    public TimeSpan CapacityRefresh { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the link goes, for logs and `status`.</summary>
    public string Endpoint => (Broker ?? Plane)?.ToString().TrimEnd('/') ?? "";
}
