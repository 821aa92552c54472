using System.Globalization;
using EdgeMano.Agent.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Plane.Manifests.Values;

/// <summary>
/// Reads YAML into the template value model (see <see cref="Templates.TemplateValues"/>) the way
/// Helm does through go-yaml v2: YAML 1.1 plain scalars (<c>yes</c>/<c>on</c> are booleans,
/// <c>0755</c> is octal), merge keys (<c>&lt;&lt;: *base</c>) applied, explicit keys winning, keys as strings. Integers stay
/// integers (Helm turns them into float64, which only changes how huge numbers print).
/// </summary>
internal static class ValueYaml
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> Trues = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly HashSet<string> Falses = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

    /// <summary>Parses one document; an empty text is null. Errors carry <paramref name="file"/> and the line.</summary>
    public static (object? Value, LocatedError? Error) Parse(string text, string file)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            return (null, new LocatedError(file, (int)e.Start.Line, (int)e.Start.Column, "", "invalid YAML: " + e.Message.TrimEnd('.')));
        }
        catch (InvalidOperationException)
        {
            var at = scanner.CurrentPosition;
            return (null, new LocatedError(file, (int)at.Line, (int)at.Column, "", "invalid YAML: the parser could not continue here"));
        }
        if (stream.Documents.Count == 0) return (null, null);
        if (stream.Documents.Count > 1)
        {
            var at = stream.Documents[1].RootNode.Start;
            return (null, new LocatedError(file, (int)at.Line, (int)at.Column, "", "expected one YAML document; another one starts here"));
        }
        return (Convert(stream.Documents[0].RootNode), null);
    }

    /// <summary>Parses values: a mapping (or nothing). Anything else is an error at its first line.</summary>
    public static (Dictionary<string, object?> Values, LocatedError? Error) ParseMap(string text, string file)
    {
        var (value, error) = Parse(text, file);
        if (error is not null) return (Templates.TemplateValues.NewMap(), error);
        return value switch
        {
            null => (Templates.TemplateValues.NewMap(), null),
            Dictionary<string, object?> map => (map, null),
            _ => (Templates.TemplateValues.NewMap(), new LocatedError(file, 1, 1, "", "values must be a mapping of names to values")),
        };
    }

    public static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Resolve(scalar),
        _ => null,
    };

    private static Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping)
    {
        var map = Templates.TemplateValues.NewMap();
        var merged = new List<YamlMappingNode>();
        foreach (var (key, value) in mapping.Children)
        {
            // Keys stay as written: go-yaml would turn a key "on" or "y" into "true", which no chart means.
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            if (name == "<<" && key is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                if (value is YamlMappingNode single) merged.Add(single);
                if (value is YamlSequenceNode several) merged.AddRange(several.Children.OfType<YamlMappingNode>());
                continue;
            }
            map[name] = Convert(value);
        }
        // A merge key (<<: *base) fills in what the mapping does not set itself; the first source wins.
        foreach (var source in merged)
        {
            foreach (var (key, value) in ConvertMapping(source)) map.TryAdd(key, value);
        }
        return map;
    }

    private static object? Resolve(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" or "!!str" || scalar.Style != ScalarStyle.Plain) return text;
        return ResolvePlain(text);
    }

    /// <summary>What an unquoted scalar means (also used to decide when a string needs quotes).</summary>
    public static object? ResolvePlain(string text)
    {
        if (Nulls.Contains(text)) return null;
        if (Trues.Contains(text)) return true;
        if (Falses.Contains(text)) return false;
        if (TryInteger(text, out var integer)) return integer;
        if (TryFloat(text, out var real)) return real;
        return text;
    }

    private static bool TryInteger(string text, out long value)
    {
        value = 0;
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = s.StartsWith('-');
        var digits = s.TrimStart('-', '+');
        if (digits.Length == 0 || s.Length - digits.Length > 1 || !char.IsAsciiDigit(digits[0])) return false;
        bool ok;
        if (digits.StartsWith("0x", StringComparison.Ordinal))
            ok = long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        else if (digits.StartsWith("0b", StringComparison.Ordinal))
            ok = TryRadix(digits[2..], 2, out value);
        else if (digits.StartsWith("0o", StringComparison.Ordinal))
            ok = TryRadix(digits[2..], 8, out value);
        else if (digits.Length > 1 && digits[0] == '0')
            ok = TryRadix(digits[1..], 8, out value);
        else
            ok = digits.All(char.IsAsciiDigit) && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (ok && negative) value = -value;
        return ok;
    }

    private static bool TryRadix(string digits, int radix, out long value)
    {
        value = 0;
        if (digits.Length == 0) return false;
        foreach (var c in digits)
        {
            var d = c - '0';
            if (d < 0 || d >= radix) return false;
            value = value * radix + d;
        }
        return true;
    }

    private static bool TryFloat(string text, out double value)
    {
        value = 0;
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN": value = double.NaN; return true;
        }
        var body = text.TrimStart('-', '+');
        if (body.Length == 0 || text.Length - body.Length > 1 || !(char.IsAsciiDigit(body[0]) || body[0] == '.')) return false;
        if (!body.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+' or '_')) return false;
        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
