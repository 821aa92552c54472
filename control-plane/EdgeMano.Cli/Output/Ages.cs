using System.Globalization;

namespace EdgeMano.Cli.Output;

/// <summary>Durations the way kubectl prints ages: 5s, 3m, 2h, 4d (the largest unit reached twice).</summary>
internal static class Ages
{
    public static string Since(DateTimeOffset? then, DateTimeOffset now, string unknown = "<unknown>") =>
        then is { } at ? Format(now - at) : unknown;

    public static string Format(TimeSpan t)
    {
        // Clock skew between plane and CLI can make a fresh timestamp look a little in the future.
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        return t.TotalMinutes < 2 ? Whole(t.TotalSeconds, "s")
            : t.TotalHours < 2 ? Whole(t.TotalMinutes, "m")
            : t.TotalDays < 2 ? Whole(t.TotalHours, "h")
            : Whole(t.TotalDays, "d");
    }

    private static string Whole(double value, string unit) =>
        ((long)Math.Floor(value)).ToString(CultureInfo.InvariantCulture) + unit;
}
