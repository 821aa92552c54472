using System.Globalization;

namespace EdgeMano.Plane.Core.Rollouts;

/// <summary>
/// How a new revision moves over a deployment's nodes: in waves, each gated on the nodes of the
/// one before reporting the new revision healthy for a while.
/// </summary>
public sealed record RolloutSpec
{
    public static readonly RolloutSpec Default = new();

    /// <summary>Nodes per wave. Set this or <see cref="BatchPercent"/>; neither = one node per wave (the cautious default).</summary>
    public int BatchSize { get; init; }
    /// <summary>Share of the nodes per wave, 0-100, rounded down but at least one node: a wave never exceeds what the operator allowed.</summary>
    public double BatchPercent { get; init; }
    /// <summary>Nodes of a wave that may be updating (told the new revision, not yet healthy) at once; 0 = the whole wave at once.</summary>
    public int MaxUnavailable { get; init; }
    /// <summary>How long a node must stay running and healthy on the new revision before it passes.</summary>
    public TimeSpan Soak { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Fraction (0-1) of a wave's nodes that may fail before the whole rollout rolls back; 0 = any failure.</summary>
    public double FailureThreshold { get; init; }
    /// <summary>How long a node may take to report the new revision healthy (offline counts as not healthy) before it counts as failed.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first problem an operator must fix, or null: checked at the API, before a rollout starts.</summary>
    public string? Validate()
    {
        if (BatchSize < 0) return $"batchSize must be 1 or more, got {BatchSize}";
        if (BatchPercent is < 0 or > 100 || double.IsNaN(BatchPercent))
            return $"batchPercent must be between 0 and 100, got {BatchPercent.ToString(CultureInfo.InvariantCulture)}";
        if (BatchSize > 0 && BatchPercent > 0) return "set batchSize or batchPercent, not both";
        if (MaxUnavailable < 0) return $"maxUnavailable must be 0 (whole wave) or more, got {MaxUnavailable}";
        if (Soak < TimeSpan.Zero) return $"soak must not be negative, got {Soak}";
        if (FailureThreshold is < 0 or > 1 || double.IsNaN(FailureThreshold))
            return $"failureThreshold is a fraction between 0 and 1, got {FailureThreshold.ToString(CultureInfo.InvariantCulture)}";
        if (HealthTimeout <= TimeSpan.Zero) return $"healthTimeout must be positive, got {HealthTimeout}";
        return null;
    }

    /// <summary>Nodes in each wave but the last (which takes the rest).</summary>
    public int WaveSize(int nodes)
    {
        if (BatchSize > 0) return BatchSize;
        if (BatchPercent > 0) return Math.Max(1, (int)Math.Floor(nodes * BatchPercent / 100 + 1e-9));
        return 1;
    }

    /// <summary>
    /// Failures a wave of this size tolerates: rollback starts when failed / size exceeds the
    /// threshold. The epsilon keeps 0.1 x 10 at one tolerated failure despite binary rounding.
    /// </summary>
    public int AllowedFailures(int waveSize) => (int)Math.Floor(FailureThreshold * waveSize + 1e-9);
}
