using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static EdgeMano.Plane.Manifests.Templates.TemplateValues;

namespace EdgeMano.Plane.Manifests.Templates.Functions;

/// <summary>sprig's string functions (argument order as sprig: the piped string comes last).</summary>
internal static partial class TemplateFunctions
{
    private static void AddStrings(Dictionary<string, TemplateFunction> t)
    {
        Add(t, "quote", 0, -1, c => string.Join(" ", c.Args.Where(a => a is not null).Select(a => Quote(Str(a)))));
        Add(t, "squote", 0, -1, c => string.Join(" ", c.Args.Where(a => a is not null).Select(a => "'" + Str(a) + "'")));
        Add(t, "trim", 1, 1, c => Str(c.Args[0]).Trim());
        Add(t, "trimAll", 2, 2, c => Str(c.Args[1]).Trim(Str(c.Args[0]).ToCharArray()));
        Add(t, "trimSuffix", 2, 2, c => Str(c.Args[1]) is var s && Str(c.Args[0]) is var x && x.Length > 0 && s.EndsWith(x, StringComparison.Ordinal) ? s[..^x.Length] : Str(c.Args[1]));
        Add(t, "trimPrefix", 2, 2, c => Str(c.Args[1]) is var s && Str(c.Args[0]) is var x && x.Length > 0 && s.StartsWith(x, StringComparison.Ordinal) ? s[x.Length..] : Str(c.Args[1]));
        Add(t, "trunc", 2, 2, c => Truncate(Str(c.Args[1]), ToInt(c.Args[0])));
        Add(t, "lower", 1, 1, c => Str(c.Args[0]).ToLowerInvariant());
        Add(t, "upper", 1, 1, c => Str(c.Args[0]).ToUpperInvariant());
        Add(t, "title", 1, 1, c => Regex.Replace(Str(c.Args[0]), @"\b\p{Ll}", m => m.Value.ToUpperInvariant()));
        Add(t, "untitle", 1, 1, c => Regex.Replace(Str(c.Args[0]), @"\b\p{Lu}", m => m.Value.ToLowerInvariant()));
        Add(t, "replace", 3, 3, c => Str(c.Args[2]).Replace(Str(c.Args[0]), Str(c.Args[1]), StringComparison.Ordinal));
        Add(t, "contains", 2, 2, c => Str(c.Args[1]).Contains(Str(c.Args[0]), StringComparison.Ordinal));
        Add(t, "hasPrefix", 2, 2, c => Str(c.Args[1]).StartsWith(Str(c.Args[0]), StringComparison.Ordinal));
        Add(t, "hasSuffix", 2, 2, c => Str(c.Args[1]).EndsWith(Str(c.Args[0]), StringComparison.Ordinal));
        Add(t, "indent", 2, 2, c => Indent(ToInt(c.Args[0]), Str(c.Args[1])));
        Add(t, "nindent", 2, 2, c => "\n" + Indent(ToInt(c.Args[0]), Str(c.Args[1])));
        Add(t, "repeat", 2, 2, c => string.Concat(Enumerable.Repeat(Str(c.Args[1]), Math.Max(0, ToInt(c.Args[0])))));
        Add(t, "substr", 3, 3, c => Substring(Str(c.Args[2]), ToInt(c.Args[0]), ToInt(c.Args[1])));
        Add(t, "nospace", 1, 1, c => string.Concat(Str(c.Args[0]).Where(ch => !char.IsWhiteSpace(ch))));
        Add(t, "cat", 0, -1, c => string.Join(" ", c.Args.Where(a => a is not null).Select(Str)));
        Add(t, "join", 2, 2, c => string.Join(Str(c.Args[0]), (c.Args[1] is IList<object?> l ? l : [c.Args[1]]).Where(a => a is not null).Select(Str)));
        Add(t, "splitList", 2, 2, c => Str(c.Args[1]).Split(Str(c.Args[0])).Select(s => (object?)s).ToList());
        Add(t, "split", 2, 2, c => SplitToMap(Str(c.Args[1]).Split(Str(c.Args[0]))));
        Add(t, "splitn", 3, 3, c => SplitToMap(Str(c.Args[2]).Split(Str(c.Args[0]), Math.Max(1, ToInt(c.Args[1])))));
        Add(t, "toStrings", 1, 1, c => ToList(c.Args[0], "toStrings").Select(v => (object?)Str(v)).ToList());
        Add(t, "abbrev", 2, 2, c => Str(c.Args[1]) is var s && ToInt(c.Args[0]) is var w && w >= 4 && s.Length > w ? s[..(w - 3)] + "..." : Str(c.Args[1]));
        Add(t, "b64enc", 1, 1, c => Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(c.Args[0]))));
        Add(t, "b64dec", 1, 1, c => B64Decode(Str(c.Args[0])));
        Add(t, "sha256sum", 1, 1, c => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Str(c.Args[0])))));
        Add(t, "sha1sum", 1, 1, c => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Str(c.Args[0])))));
        Add(t, "regexMatch", 2, 2, c => Pattern(c.Args[0]).IsMatch(Str(c.Args[1])));
        Add(t, "regexFind", 2, 2, c => Pattern(c.Args[0]).Match(Str(c.Args[1])) is { Success: true } m ? m.Value : "");
        Add(t, "regexFindAll", 3, 3, c => Pattern(c.Args[0]).Matches(Str(c.Args[1])).Take(ToInt(c.Args[2]) < 0 ? int.MaxValue : ToInt(c.Args[2])).Select(m => (object?)m.Value).ToList());
        Add(t, "regexReplaceAll", 3, 3, c => Pattern(c.Args[0]).Replace(Str(c.Args[1]), Str(c.Args[2])));
        Add(t, "regexReplaceAllLiteral", 3, 3, c => Pattern(c.Args[0]).Replace(Str(c.Args[1]), Str(c.Args[2]).Replace("$", "$$", StringComparison.Ordinal)));
        Add(t, "regexSplit", 3, 3, c => Pattern(c.Args[0]).Split(Str(c.Args[1])).Select(s => (object?)s).ToList());
        Add(t, "snakecase", 1, 1, c => Words(Str(c.Args[0]), "_", lower: true));
        Add(t, "kebabcase", 1, 1, c => Words(Str(c.Args[0]), "-", lower: true));
        Add(t, "camelcase", 1, 1, c => string.Concat(Regex.Split(Str(c.Args[0]), "[_\\-\\s]+").Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
        Add(t, "randAlphaNum", 1, 1, c => Random(ToInt(c.Args[0]), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        Add(t, "randAlpha", 1, 1, c => Random(ToInt(c.Args[0]), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        Add(t, "randNumeric", 1, 1, c => Random(ToInt(c.Args[0]), "0123456789"));
        Add(t, "uuidv4", 0, 0, _ => Guid.NewGuid().ToString());
    }

    /// <summary>sprig's trunc: a negative length keeps the end.</summary>
    private static string Truncate(string s, int n) =>
        n >= 0 ? (s.Length > n ? s[..n] : s) : (s.Length > -n ? s[(s.Length + n)..] : s);

    private static string Indent(int spaces, string s)
    {
        var pad = new string(' ', Math.Max(0, spaces));
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Substring(string s, int start, int end)
    {
        if (start < 0) return end < 0 || end > s.Length ? s : s[..end];
        if (end < 0 || end > s.Length) return start > s.Length ? "" : s[start..];
        return start > end ? "" : s[start..end];
    }

    private static Dictionary<string, object?> SplitToMap(string[] parts)
    {
        var map = NewMap();
        for (var i = 0; i < parts.Length; i++) map["_" + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        return map;
    }

    private static string B64Decode(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            // sprig returns the decoder's error text instead of failing the render.
            return "illegal base64 data at input byte 0";
        }
    }

    private static Regex Pattern(object? pattern)
    {
        try
        {
            return new Regex(Str(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new TemplateFunctionException($"error parsing regexp: {e.Message}");
        }
    }

    private static string Words(string s, string separator, bool lower)
    {
        var spaced = Regex.Replace(s, "([a-z0-9])([A-Z])", "$1 $2");
        var words = Regex.Split(spaced, "[_\\-\\s]+").Where(w => w.Length > 0);
        return string.Join(separator, lower ? words.Select(w => w.ToLowerInvariant()) : words);
    }

    private static string Random(int length, string alphabet) =>
        new(Enumerable.Range(0, Math.Max(0, length)).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
}
