using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// Durations as kubectl's flags take them: a sequence of number+unit (500ms, 30s, 10m, 1h30m), or
/// 0 for "no limit". Checked at parse time, so a bad value is bad usage (exit 2) and nothing is sent.
/// </summary>
internal static partial class Durations
{
    /// <summary>Longest duration accepted (a year): beyond that a typo is likelier than intent.</summary>
    private static readonly TimeSpan Max = TimeSpan.FromDays(366);

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? "";
        if (trimmed == "0") return true;
        var match = Pattern().Match(trimmed);
        if (!match.Success) return false;
        var total = 0d;
        for (var i = 0; i < match.Groups["n"].Captures.Count; i++)
        {
            if (!double.TryParse(match.Groups["n"].Captures[i].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
            total += n * match.Groups["u"].Captures[i].Value switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                _ => 3600,
            };
        }
        if (total > Max.TotalSeconds) return false;
        value = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>The way the flag takes it back: 1h30m, 10m, 45s, 1m0.5s.</summary>
    public static string Format(TimeSpan t)
    {
        var text = "";
        if (t.TotalHours >= 1) text += ((long)t.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        if (t.Minutes > 0) text += t.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        var seconds = t.Seconds + t.Milliseconds / 1000d;
        if (seconds > 0 || text.Length == 0) text += seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return text;
    }

    /// <summary>
    /// An option such as --timeout: a duration, 0 meaning no limit. Its default is applied by
    /// <see cref="ValueOf"/> and stated in the description (help would print a default as 00:10:00).
    /// </summary>
    public static Option<TimeSpan> Option(string name, string description)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = description,
            HelpName = "DURATION",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (!TryParse(text, out var value))
                {
                    result.AddError($"{name}: '{text}' is not a duration; expected e.g. 90s, 10m, 1h30m (at most 366 days), or 0 for no limit");
                    return TimeSpan.Zero;
                }
                return value;
            },
        };
        return option;
    }

    /// <summary>The option's duration, <paramref name="fallback"/> when it was not given, null for "0" (no limit).</summary>
    public static TimeSpan? ValueOf(ParseResult parse, Option<TimeSpan> option, TimeSpan fallback) =>
        parse.GetResult(option) is not { Implicit: false } ? fallback
        : parse.GetValue(option) is var given && given > TimeSpan.Zero ? given : null;

    [GeneratedRegex("^(?:(?<n>[0-9]{1,9})(?<u>ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
