using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Restart;

/// <summary>Restart backoff as in iotedge's RestartPolicyManager: unit x 2^n, capped.</summary>
public static class Backoff
{
    /// <summary>Delay before the restart that follows <paramref name="consecutiveFailures"/> earlier restarts.</summary>
    public static TimeSpan Delay(RestartSpec restart, int consecutiveFailures)
    {
        var unit = restart.BackoffUnit > TimeSpan.Zero ? restart.BackoffUnit : RestartSpec.Default.BackoffUnit;
        var cap = restart.BackoffCap > TimeSpan.Zero ? restart.BackoffCap : RestartSpec.Default.BackoffCap;
        // Computed in double so 2^n cannot overflow; any n past 62 is far beyond every cap.
        var exponent = Math.Clamp(consecutiveFailures, 0, 62);
        var ticks = unit.Ticks * (double)(1L << exponent);
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Whether an instance that ended with <paramref name="exitCode"/> is restarted by policy.</summary>
    public static bool RestartsAfterExit(RestartMode mode, int? exitCode) => mode switch
    {
        RestartMode.Always => true,
        // An unknown exit code (a process that died while the agent was away) counts as a failure.
        RestartMode.OnFailure => exitCode is not 0,
        _ => false,
    };

    /// <summary>Whether the retry limit is used up after <paramref name="consecutiveFailures"/> restarts.</summary>
    public static bool GivesUp(RestartSpec restart, int consecutiveFailures) =>
        restart.MaxRetries > 0 && consecutiveFailures >= restart.MaxRetries;
}
