namespace EdgeMano.Agent.Host.Configuration;

/// <summary>Which runtimes the agent drives. Process workloads are always supervised.</summary>
public enum RuntimeChoice { Auto, Docker, Process }

/// <summary>The agent's settings after defaults, config file, environment and flags are merged.</summary>
public sealed record AgentSettings
{
    public const string DefaultConfigPath = "/etc/edgemano/agent.yaml";
    public const string DefaultStateDir = "/var/lib/edgemano";
    public const string DefaultDockerSocket = "/var/run/docker.sock";

    public required string NodeId { get; init; }
    public string StateDir { get; init; } = DefaultStateDir;
    public RuntimeChoice Runtime { get; init; } = RuntimeChoice.Auto;
    public string DockerSocket { get; init; } = DefaultDockerSocket;
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);
    public string LogLevel { get; init; } = "info";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The plane's MQTT broker (mqtt://host:port); null: no uplink over MQTT.</summary>
    public Uri? Broker { get; init; }
    /// <summary>The plane's gRPC endpoint for AgentSync.Sync (http://host:port); null: no uplink over gRPC.</summary>
    public Uri? Plane { get; init; }
    /// <summary>Where `apply` and `status` reach the running daemon.</summary>
    public string ControlSocket => Path.Combine(StateDir, "agent.sock");
}
