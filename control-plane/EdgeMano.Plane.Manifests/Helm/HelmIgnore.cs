using System.Text.RegularExpressions;

namespace EdgeMano.Plane.Manifests.Helm;

/// <summary>
/// <c>.helmignore</c>: files matching its patterns are not part of the chart. Supports comments,
/// <c>*</c>, <c>?</c>, <c>**</c>, a trailing <c>/</c> for folders and patterns without a slash
/// matching a name at any depth; negation (<c>!</c>) is not supported and such lines are skipped.
/// </summary>
internal static class HelmIgnore
{
    public static void Apply(Dictionary<string, byte[]> files)
    {
        if (!files.Remove(".helmignore", out var content)) return;
        var patterns = ChartLoader.Text(content).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('!'))
            .Select(ToRegex)
            .ToList();
        foreach (var path in files.Keys.ToList())
        {
            if (patterns.Any(p => p.IsMatch(path))) files.Remove(path);
        }
    }

    private static Regex ToRegex(string pattern)
    {
        var folder = pattern.EndsWith('/');
        var body = pattern.Trim('/');
        var anchored = pattern.TrimEnd('/').Contains('/');
        var regex = Regex.Escape(body).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
        var prefix = anchored ? "^" : "(^|/)";
        var suffix = folder ? "/" : "($|/)";
        return new Regex(prefix + regex + suffix, RegexOptions.CultureInvariant);
    }
}
