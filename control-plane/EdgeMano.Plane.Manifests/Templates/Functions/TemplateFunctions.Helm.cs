using System.Text.Json;
using EdgeMano.Plane.Manifests.Values;
using static EdgeMano.Plane.Manifests.Templates.TemplateValues;

namespace EdgeMano.Plane.Manifests.Templates.Functions;

/// <summary>Helm's own functions, and the conversions Helm adds to sprig.</summary>
internal static partial class TemplateFunctions
{
    private static void AddHelm(Dictionary<string, TemplateFunction> t)
    {
        Add(t, "include", 2, 2, c => c.Execution.Include(Str(c.Args[0]), c.Args[1], c.Source, c.Offset));
        Add(t, "tpl", 2, 2, c => c.Execution.RenderString(Str(c.Args[0]), c.Args[1], c.Source, c.Offset));
        Add(t, "toYaml", 1, 1, c => ValueYamlWriter.Write(c.Args[0]));
        Add(t, "mustToYaml", 1, 1, c => ValueYamlWriter.Write(c.Args[0]));
        Add(t, "toJson", 1, 1, c => ValueJson.Write(c.Args[0]));
        Add(t, "mustToJson", 1, 1, c => ValueJson.Write(c.Args[0]));
        Add(t, "toRawJson", 1, 1, c => ValueJson.Write(c.Args[0]));
        Add(t, "fromYaml", 1, 1, c => FromYaml(Str(c.Args[0]), wantList: false));
        Add(t, "fromYamlArray", 1, 1, c => FromYaml(Str(c.Args[0]), wantList: true));
        Add(t, "fromJson", 1, 1, c => FromJson(Str(c.Args[0])));
        // Offline rendering (helm template) has no cluster: lookup finds nothing.
        Add(t, "lookup", 4, 4, _ => NewMap());
        Add(t, "semverCompare", 2, 2, c => SemverConstraint.Matches(Str(c.Args[0]), Str(c.Args[1])));
    }

    /// <summary>Helm returns the error inside the result (key "Error") instead of failing the render.</summary>
    private static object? FromYaml(string text, bool wantList)
    {
        var (value, error) = ValueYaml.Parse(text, "fromYaml");
        if (error is not null)
            return wantList ? new List<object?> { error.Message } : new Dictionary<string, object?>(StringComparer.Ordinal) { ["Error"] = error.Message };
        if (wantList) return value as List<object?> ?? [];
        return value as Dictionary<string, object?> ?? NewMap();
    }

    private static object? FromJson(string text)
    {
        try
        {
            return ValueJson.Parse(text) ?? NewMap();
        }
        catch (JsonException e)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal) { ["Error"] = e.Message };
        }
    }
}

/// <summary>
/// Masterminds/semver constraints as charts write them against <c>.Capabilities.KubeVersion</c>:
/// <c>&gt;=1.19-0</c>, <c>^1.2</c>, <c>~1.2.3</c>, <c>1.2.x</c>, <c>&gt;=1.2, &lt;2</c>, <c>a || b</c>.
/// Pre-release tags order before their release; otherwise they are ignored.
/// </summary>
internal static class SemverConstraint
{
    public static bool Matches(string constraint, string version)
    {
        if (Parse(version) is not { } v) throw new TemplateFunctionException($"semverCompare: invalid semantic version '{version}'");
        return constraint.Split("||").Any(alternative =>
            alternative.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).All(part => Satisfies(part.Trim(), v)));
    }

    private static bool Satisfies(string part, (long Major, long Minor, long Patch, bool Pre) v)
    {
        var op = new string(part.TakeWhile(ch => "<>=!~^".Contains(ch)).ToArray());
        var text = part[op.Length..].Trim();
        var wildcard = text.Split('-')[0].Split('.');
        var given = wildcard.TakeWhile(p => p is not ("x" or "X" or "*")).Count();
        if (Parse(text.Replace(".x", "", StringComparison.OrdinalIgnoreCase).Replace(".*", "", StringComparison.Ordinal)) is not { } c)
            throw new TemplateFunctionException($"semverCompare: improper constraint '{part}'");
        var cmp = Compare(v, c);
        return op switch
        {
            "" or "=" => given >= 3 ? cmp == 0 : Prefix(v, c, given),
            "!=" => cmp != 0,
            ">" => cmp > 0,
            "<" => cmp < 0,
            ">=" or "=>" => cmp >= 0,
            "<=" or "=<" => cmp <= 0,
            "~" => cmp >= 0 && v.Major == c.Major && (given < 2 || v.Minor == c.Minor),
            "^" => cmp >= 0 && v.Major == c.Major && (c.Major != 0 || v.Minor == c.Minor),
            _ => throw new TemplateFunctionException($"semverCompare: improper constraint '{part}'"),
        };
    }

    private static bool Prefix((long Major, long Minor, long Patch, bool Pre) v, (long Major, long Minor, long Patch, bool Pre) c, int given) =>
        v.Major == c.Major && (given < 2 || v.Minor == c.Minor);

    private static int Compare((long Major, long Minor, long Patch, bool Pre) a, (long Major, long Minor, long Patch, bool Pre) b)
    {
        var byNumbers = (a.Major, a.Minor, a.Patch).CompareTo((b.Major, b.Minor, b.Patch));
        return byNumbers != 0 ? byNumbers : a.Pre == b.Pre ? 0 : a.Pre ? -1 : 1;
    }

    private static (long Major, long Minor, long Patch, bool Pre)? Parse(string text)
    {
        var s = text.Trim().TrimStart('v', 'V');
        var plus = s.IndexOf('+');
        if (plus >= 0) s = s[..plus];
        var dash = s.IndexOf('-');
        var pre = dash >= 0;
        var parts = (pre ? s[..dash] : s).Split('.');
        if (parts.Length is 0 or > 3) return null;
        var numbers = new long[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], out numbers[i])) return null;
        }
        return (numbers[0], numbers[1], numbers[2], pre);
    }
}
