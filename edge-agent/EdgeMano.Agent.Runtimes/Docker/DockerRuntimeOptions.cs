namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>How the agent reaches the Docker engine and which containers are its own.</summary>
public sealed record DockerRuntimeOptions
{
    public const string DefaultSocketPath = "/var/run/docker.sock";

    /// <summary>Unix socket of the Docker Engine API.</summary>
    public string SocketPath { get; init; } = DefaultSocketPath;

    /// <summary>This node's id: containers are named and labelled with it, and only those are ever touched.</summary>
    public string NodeId { get; init; } = "";

    /// <summary>
    /// Written into each container as its stop timeout, so a stop the agent did not issue
    /// (<c>docker stop</c>, daemon shutdown) gives the workload the same grace. Also used when a
    /// stale container of ours must be cleared before a create.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one ordinary Engine API call.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound for pulling an image that is not present on the node.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
