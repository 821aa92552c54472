using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>Equality selectors: every key must be present with the same value; empty matches all.</summary>
public static class LabelSelector
{
    public static bool Matches(ValueMap selector, ValueMap labels)
    {
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        return true;
    }

    /// <summary>Parses "k=v,k2=v2"; returns an error (naming the bad part) or null.</summary>
    public static string? TryParse(string text, out ValueMap selector)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        selector = ValueMap.Empty;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) return $"'{part}' is not key=value";
            pairs[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        selector = new ValueMap(pairs);
        return null;
    }
}
