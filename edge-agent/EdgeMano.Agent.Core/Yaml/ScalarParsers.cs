using System.Globalization;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// Text → value conversions for configuration scalars. Each returns null on success or the reason
/// it failed, phrased to follow "expected ...", so a caller can append it to a location.
/// </summary>
public static class ScalarParsers
{
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public static string? TryParseInt64(string text, out long value)
    {
        if (long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value)) return null;
        return double.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out _)
            ? $"expected a whole number, got '{text}'"
            : $"expected a number, got '{text}'";
    }

    public static string? TryParseNumber(string text, out double value) =>
        double.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)
            ? null
            : $"expected a number, got '{text}'";

    public static string? TryParseBool(string text, out bool value)
    {
        value = false;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = true; return null; }
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return null;
        return $"expected true or false, got '{text}'";
    }

    /// <summary>
    /// "500ms", "10s", "5m", "1h", compounds like "1m30s", or a plain number of seconds ("2.5").
    /// Negative durations are refused: no setting here means anything by them.
    /// </summary>
    public static string? TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var fail = $"expected a duration like 500ms, 10s, 5m or 1h (a plain number is seconds), got '{text}'";
        if (text.Length == 0) return fail;
        if (IsPlainDecimal(text))
        {
            if (!double.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var seconds)
                || seconds > TimeSpan.MaxValue.TotalSeconds) return fail;
            value = TimeSpan.FromSeconds(seconds);
            return null;
        }

        double totalMs = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start || !double.TryParse(text.AsSpan(start, i - start), DecimalStyle, CultureInfo.InvariantCulture, out var number))
                return fail;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            double? unitMs = text[unitStart..i] switch
            {
                "ms" => 1, "s" => 1000, "m" => 60_000, "h" => 3_600_000, _ => null,
            };
            if (unitMs is null) return fail;
            totalMs += number * unitMs.Value;
        }
        if (totalMs > TimeSpan.MaxValue.TotalMilliseconds) return fail;
        value = TimeSpan.FromMilliseconds(totalMs);
        return null;
    }

    /// <summary>
    /// Bytes: a plain number, or binary (Ki, Mi, Gi, Ti) / decimal (k, K, M, G, T) suffixes.
    /// "64m" is refused on purpose: Docker reads it as MiB, Kubernetes as milli-bytes.
    /// </summary>
    public static string? TryParseByteSize(string text, out long value)
    {
        value = 0;
        var fail = $"expected a size like 64Mi, 1Gi, 512M, 100k or a number of bytes, got '{text}'";
        var unitAt = 0;
        while (unitAt < text.Length && (char.IsAsciiDigit(text[unitAt]) || text[unitAt] == '.')) unitAt++;
        if (unitAt == 0 || !decimal.TryParse(text.AsSpan(0, unitAt), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return fail;
        var unit = text[unitAt..];
        decimal? multiplier = unit switch
        {
            "" => 1,
            "k" or "K" => 1_000m, "M" => 1_000_000m, "G" => 1_000_000_000m, "T" => 1_000_000_000_000m,
            "Ki" => 1L << 10, "Mi" => 1L << 20, "Gi" => 1L << 30, "Ti" => 1L << 40,
            _ => null,
        };
        if (multiplier is null)
        {
            return unit is "m" or "g" or "mb" or "MB" or "MiB" or "gb" or "GB" or "GiB"
                ? $"{fail}: write Mi or Gi for binary units, M or G for decimal ones"
                : fail;
        }
        var bytes = number * multiplier.Value;
        if (bytes > long.MaxValue) return fail;
        value = (long)decimal.Floor(bytes);
        return null;
    }

    /// <summary>CPU cores: "0.5", "2", or millicores "500m".</summary>
    public static string? TryParseCpu(string text, out double value)
    {
        value = 0;
        var fail = $"expected CPU cores like 0.5 or 2, or millicores like 500m, got '{text}'";
        if (text.EndsWith('m'))
        {
            if (!long.TryParse(text.AsSpan(0, text.Length - 1), IntegerStyle, CultureInfo.InvariantCulture, out var milli))
                return fail;
            value = milli / 1000.0;
            return null;
        }
        return TryParseNumber(text, out value) is null ? null : fail;
    }

    private static bool IsPlainDecimal(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (c != '.') return false;
        }
        return digits > 0;
    }
}
