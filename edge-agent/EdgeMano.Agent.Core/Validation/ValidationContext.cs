using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>
/// Collects errors. A reader that could not read some fields passes them as "unreadable": a rule
/// that looks at such a field would judge a placeholder, so its error is dropped (the reader has
/// already reported the real problem there).
/// </summary>
internal sealed class ValidationContext(Func<string, bool> isUnreadable)
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>Adds an error at <paramref name="path"/> unless it or a field it depends on is unreadable.</summary>
    public void Add(string path, string message, string? relatedPath = null, params string[] dependsOn)
    {
        if (isUnreadable(path)) return;
        if (relatedPath is not null && isUnreadable(relatedPath)) return;
        foreach (var dependency in dependsOn)
        {
            if (isUnreadable(dependency)) return;
        }
        _errors.Add(new ValidationError(path, message, relatedPath));
    }

    public static string Child(string parent, string key) => YamlPath.Child(parent, key);

    public static string Index(string parent, int index) => YamlPath.Index(parent, index);

    /// <summary>"300s", "5m", "1h", "250ms": the way the YAML writes durations.</summary>
    public static string Format(TimeSpan t)
    {
        if (t.Ticks % TimeSpan.TicksPerHour == 0 && t != TimeSpan.Zero) return $"{(long)t.TotalHours}h";
        if (t.Ticks % TimeSpan.TicksPerMinute == 0 && t != TimeSpan.Zero) return $"{(long)t.TotalMinutes}m";
        if (t.Ticks % TimeSpan.TicksPerSecond == 0) return $"{(long)t.TotalSeconds}s";
        return $"{t.TotalMilliseconds}ms";
    }
}
