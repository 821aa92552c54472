namespace EdgeMano.Agent.Uplink.Link;

/// <summary>
/// Exponential backoff with full jitter: the n-th retry waits a uniform random time in
/// [0, min(max, min * 2^n)]. Full jitter spreads a fleet that lost its broker at the same moment,
/// so the reconnect storm is not synchronised (AWS Architecture Blog, "Exponential Backoff And Jitter").
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private int _failures;

    public int Failures => _failures;

    /// <summary>The ceiling for the next wait, before jitter.</summary>
    public TimeSpan Ceiling => Ceil(_failures);

    /// <summary>Records one failed attempt and returns how long to wait before the next.</summary>
    public TimeSpan NextDelay()
    {
        var ceiling = Ceil(_failures);
        _failures++;
        return TimeSpan.FromTicks((long)(ceiling.Ticks * _random()));
    }

    public void Reset() => _failures = 0;

    private TimeSpan Ceil(int failures)
    {
        // 2^n overflows long after a few dozen doublings: cap the exponent well before that.
        var factor = Math.Pow(2, Math.Min(failures, 30));
        var ticks = min.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
