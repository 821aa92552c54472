using System.Globalization;
using System.Text;

namespace EdgeMano.FleetSim.Report;

/// <summary>
/// Figures as `name value` lines on stdout (one per figure, as every bench script prints them);
/// progress goes to stderr. Names are fleet_{broker}_{nodes}_{plane|floor}_{figure}.
/// </summary>
internal sealed class Figures(string prefix)
{
    public string Prefix { get; } = prefix;

    public void Add(string name, double value)
    {
        var text = double.IsNaN(value) ? "nan"
            : value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.000", CultureInfo.InvariantCulture);
        Console.Out.WriteLine($"{Prefix}_{name} {text}");
        Console.Out.Flush();
    }

    /// <summary>p50, p99 and max of per-node values (seconds); nodes without a value are left out here and counted by the caller.</summary>
    public void AddQuantiles(string name, IReadOnlyList<double> values)
    {
        var q = Quantiles.Of(values);
        Add($"{name}_p50_s", q.P50);
        Add($"{name}_p99_s", q.P99);
        Add($"{name}_max_s", q.Max);
    }

    public static void Log(string message) => Console.Error.WriteLine($"[fleetsim {DateTime.Now:HH:mm:ss.fff}] {message}");
}

internal readonly record struct Quantiles(double P50, double P99, double Max, int Count)
{
    /// <summary>Nearest-rank quantiles of the values that are numbers.</summary>
    public static Quantiles Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN, double.NaN, 0);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(At(0.50), At(0.99), sorted[^1], sorted.Length);
    }
}

/// <summary>Optional time series and per-node values of a run, for finding out where time went.</summary>
internal sealed class Details(string? dir, string prefix)
{
    public void Write(string name, IEnumerable<string> lines)
    {
        if (dir is null) return;
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, $"{prefix}_{name}.tsv"), lines, Encoding.UTF8);
    }

    public void Append(string name, string line)
    {
        if (dir is null) return;
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, $"{prefix}_{name}.tsv"), line + "\n", Encoding.UTF8);
    }
}
