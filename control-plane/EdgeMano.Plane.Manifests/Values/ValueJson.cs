using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeMano.Plane.Manifests.Templates;

namespace EdgeMano.Plane.Manifests.Values;

/// <summary>
/// <c>toJson</c>/<c>fromJson</c> as Go's encoding/json: compact, map keys sorted, <c>&lt; &gt; &amp;</c>
/// escaped. Written by hand over <see cref="Utf8JsonReader"/> (no reflection).
/// </summary>
internal static class ValueJson
{
    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "null"); break;
            case string s: AppendString(sb, s); break;
            case IDictionary<string, object?> map:
                sb.Append('{');
                var first = true;
                foreach (var key in TemplateValues.SortedKeys(map))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    AppendString(sb, key);
                    sb.Append(':');
                    Append(sb, map[key]);
                }
                sb.Append('}');
                break;
            case IList<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Append(sb, list[i]);
                }
                sb.Append(']');
                break;
            default: AppendString(sb, TemplateValues.ToText(value)); break;
        }
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029': sb.Append($"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Parses JSON into the value model; throws <see cref="JsonException"/> with the reason.</summary>
    public static object? Parse(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read()) return null;
        return ReadValue(ref reader);
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = TemplateValues.NewMap();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map[key] = ReadValue(ref reader);
                }
                return map;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadValue(ref reader));
                return list;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number: return reader.TryGetInt64(out var l) ? l : reader.GetDouble();
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            default: return null;
        }
    }
}
