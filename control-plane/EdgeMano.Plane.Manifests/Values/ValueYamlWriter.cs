using System.Globalization;
using System.Text;
using EdgeMano.Plane.Manifests.Templates;

namespace EdgeMano.Plane.Manifests.Values;

/// <summary>
/// Helm's <c>toYaml</c> output (go-yaml v2 through sigs.k8s.io/yaml): keys sorted, two-space
/// indentation, a list under a key not indented, strings quoted only when plain text would read as
/// something else, multi-line strings as literal blocks. No trailing newline (Helm trims it).
/// </summary>
internal static class ValueYamlWriter
{
    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        switch (value)
        {
            case IDictionary<string, object?> { Count: > 0 } map: WriteMap(sb, map, 0); break;
            case IList<object?> { Count: > 0 } list: WriteList(sb, list, 0); break;
            default: sb.Append(Inline(value, 0)).Append('\n'); break;
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static void WriteMap(StringBuilder sb, IDictionary<string, object?> map, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var key in TemplateValues.SortedKeys(map))
        {
            if (!(first && firstInline)) sb.Append(' ', indent);
            first = false;
            sb.Append(Scalar(key, indent)).Append(':');
            WriteValue(sb, map[key], indent, listIndent: indent);
        }
    }

    private static void WriteList(StringBuilder sb, IList<object?> list, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var item in list)
        {
            if (!(first && firstInline)) sb.Append(' ', indent);
            first = false;
            sb.Append('-');
            switch (item)
            {
                case IDictionary<string, object?> { Count: > 0 } map:
                    sb.Append(' ');
                    WriteMap(sb, map, indent + 2, firstInline: true);
                    break;
                case IList<object?> { Count: > 0 } nested:
                    sb.Append(' ');
                    WriteList(sb, nested, indent + 2, firstInline: true);
                    break;
                default:
                    sb.Append(' ').Append(Inline(item, indent + 2)).Append('\n');
                    break;
            }
        }
    }

    /// <summary>After "key:": a nested block on the next lines, or " value".</summary>
    private static void WriteValue(StringBuilder sb, object? value, int indent, int listIndent)
    {
        switch (value)
        {
            case IDictionary<string, object?> { Count: > 0 } map:
                sb.Append('\n');
                WriteMap(sb, map, indent + 2);
                break;
            case IList<object?> { Count: > 0 } list:
                sb.Append('\n');
                WriteList(sb, list, listIndent);
                break;
            default:
                sb.Append(' ').Append(Inline(value, indent + 2)).Append('\n');
                break;
        }
    }

    private static string Inline(object? value, int indent) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s => Scalar(s, indent),
        IDictionary<string, object?> => "{}",
        IList<object?> => "[]",
        _ => Scalar(TemplateValues.ToText(value), indent),
    };

    private static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return ".nan";
        if (double.IsInfinity(d)) return d > 0 ? ".inf" : "-.inf";
        return TemplateValues.FormatFloat(d);
    }

    /// <summary>A string as plain text, a literal block, or double-quoted.</summary>
    public static string Scalar(string s, int indent)
    {
        if (s.Contains('\n') && !s.Any(c => c < ' ' && c is not '\n' and not '\t') && !s.Split('\n').Any(l => l.EndsWith(' ')))
            return LiteralBlock(s, indent);
        return NeedsQuotes(s) ? TemplateValues.Quote(s) : s;
    }

    private static string LiteralBlock(string s, int indent)
    {
        var chomp = s.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : s.EndsWith('\n') ? "" : "-";
        var body = s.EndsWith('\n') ? s[..^1] : s;
        var lines = body.Split('\n');
        // A first line starting with a space needs an explicit indentation indicator.
        var indicator = lines[0].StartsWith(' ') ? "2" : "";
        var pad = new string(' ', indent);
        return "|" + indicator + chomp + "\n" + string.Join("\n", lines.Select(l => l.Length == 0 ? "" : pad + l)).TrimEnd('\n', ' ') + (chomp == "+" ? "\n" : "");
    }

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || ValueYaml.ResolvePlain(s) is not string) return true;
        if (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0]) && (s.Length == 1 || !(s[0] is '-' or '?' or ':') || s[1] == ' ')) return true;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return true;
        return s.Any(c => char.IsControl(c));
    }
}
