using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeMano.Bench;

/// <summary>
/// Durations of one operation, one per iteration: wall time (Stopwatch) and the calling thread's
/// CPU time. On a shared 2-core box wall time includes the time the thread sat preempted; CPU time
/// does not, so it is the steadier view of what the code itself costs.
/// </summary>
internal sealed class Samples(string name, int capacity)
{
    private readonly List<double> _wallMicroseconds = new(capacity);
    private readonly List<double> _cpuMicroseconds = new(capacity);

    public string Name { get; } = name;

    public long AllocatedBytesPerOp { get; set; }

    public double WallMedian => Percentile(_wallMicroseconds, 50);

    public double CpuMedian => Percentile(_cpuMicroseconds, 50);

    public void Add(Mark start, Mark end)
    {
        _wallMicroseconds.Add((end.Wall - start.Wall) * 1_000_000.0 / Stopwatch.Frequency);
        _cpuMicroseconds.Add((end.CpuNanoseconds - start.CpuNanoseconds) / 1_000.0);
    }

    public IEnumerable<string> Lines(string mode)
    {
        yield return Line("median_us", WallMedian);
        yield return Line("p99_us", Percentile(_wallMicroseconds, 99));
        yield return Line("min_us", _wallMicroseconds.Min());
        yield return Line("cpu_median_us", CpuMedian);
        yield return Line("cpu_p99_us", Percentile(_cpuMicroseconds, 99));
        yield return $"{Name}_alloc_bytes_per_op_{mode} {AllocatedBytesPerOp}";

        string Line(string what, double value) => $"{Name}_{what}_{mode} {Format(value)}";
    }

    public static string Format(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of samples at or below it.</summary>
    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>A point in time: Stopwatch ticks and the thread's CPU clock.</summary>
internal readonly record struct Mark(long Wall, long CpuNanoseconds)
{
    private const int ClockThreadCpuTimeId = 3;

    public static Mark Now()
    {
        ClockGetTime(ClockThreadCpuTimeId, out var cpu);
        return new Mark(Stopwatch.GetTimestamp(), cpu.Seconds * 1_000_000_000 + cpu.Nanoseconds);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
