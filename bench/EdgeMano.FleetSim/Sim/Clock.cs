using System.Diagnostics;

namespace EdgeMano.FleetSim.Sim;

/// <summary>
/// One time base for the simulator's own stamps (monotonic) and the plane's (UTC wall clock, e.g. a
/// node's lastSeen): both run on this machine, so a mark taken at the same instant relates them.
/// </summary>
internal readonly record struct Mark(long Ticks, DateTimeOffset Utc)
{
    public static Mark Now() => new(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);

    /// <summary>Seconds from this mark to a monotonic stamp (0 = never happened: NaN).</summary>
    public double SecondsTo(long ticks) => ticks == 0 ? double.NaN : Stopwatch.GetElapsedTime(Ticks, ticks).TotalSeconds;

    public double SecondsTo(DateTimeOffset utc) => (utc - Utc).TotalSeconds;

    public double Elapsed => Stopwatch.GetElapsedTime(Ticks).TotalSeconds;
}
