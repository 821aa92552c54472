namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Settings of the bare-metal process driver.</summary>
public sealed record ProcessRuntimeOptions
{
    /// <summary>Agent state directory; markers and logs live under {StateDirectory}/processes/{NodeId}/.</summary>
    public required string StateDirectory { get; init; }

    public required string NodeId { get; init; }

    /// <summary>A workload log larger than this is rotated (copy-truncate).</summary>
    public long LogMaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Rotated files kept beside the log (.1 newest ... .N oldest); 0 keeps none, only truncates.</summary>
    public int LogKeepFiles { get; init; } = 3;

    /// <summary>Grace between SIGTERM and SIGKILL when RemoveAsync is given a negative grace (e.g. Timeout.InfiniteTimeSpan).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often adopted processes (not children of this agent) are checked for death.</summary>
    public TimeSpan ExitPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often log sizes are checked between List calls.</summary>
    public TimeSpan LogCheckInterval { get; init; } = TimeSpan.FromSeconds(5);
}
