using System.Globalization;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>
/// TOSCA scalar values as SOL001 uses them: <c>scalar-unit.size</c> ("512 MB", "10 MiB"; TOSCA 1.3
/// §3.3.6.4, units case-insensitive) and OS container CPU as whole milli-CPUs (SOL001 §6.8.12).
/// Each returns null on success or the reason it failed.
/// </summary>
internal static class ToscaScalars
{
    private static readonly (string Unit, long Bytes)[] SizeUnits =
    [
        ("B", 1), ("kB", 1_000), ("KiB", 1L << 10), ("MB", 1_000_000), ("MiB", 1L << 20),
        ("GB", 1_000_000_000), ("GiB", 1L << 30), ("TB", 1_000_000_000_000), ("TiB", 1L << 40),
    ];

    public static string UnitList => string.Join(", ", SizeUnits.Select(u => u.Unit));

    /// <summary>"512 MB", "1.5 GiB", "100MiB", or a plain number of bytes.</summary>
    public static string? TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.')) split++;
        if (split == 0 || !decimal.TryParse(trimmed.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return $"expected a size like 512 MB or 1 GiB (scalar-unit.size), got '{text}'";
        var unit = trimmed[split..].Trim();
        if (unit.Length == 0)
        {
            if (number != decimal.Floor(number)) return $"a size without a unit is whole bytes, got '{text}'";
            bytes = (long)number;
            return null;
        }
        var match = SizeUnits.FirstOrDefault(u => u.Unit.Equals(unit, StringComparison.OrdinalIgnoreCase));
        if (match.Unit is null) return $"unknown size unit '{unit}' in '{text}'; expected one of {UnitList}";
        var total = number * match.Bytes;
        if (total > long.MaxValue) return $"'{text}' is too large";
        bytes = (long)decimal.Floor(total);
        return null;
    }

    /// <summary>Whole milli-CPUs (SOL001 integer): "500" is half a core.</summary>
    public static string? TryParseMilliCpu(string text, out long millis)
    {
        millis = 0;
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out millis) && millis >= 0) return null;
        return $"expected whole milli-CPUs (SOL001 integer: 500 is half a core), got '{text}'";
    }
}
