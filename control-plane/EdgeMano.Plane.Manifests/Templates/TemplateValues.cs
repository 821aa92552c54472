using System.Globalization;
using System.Text;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>An object with fields computed on access (Helm's <c>.Files</c>, <c>.Capabilities.APIVersions</c>).</summary>
internal interface ITemplateObject
{
    string TypeName { get; }

    bool TryGetField(string name, out object? value);
}

/// <summary>A method value: <c>.Capabilities.APIVersions.Has "apps/v1"</c> calls it with the arguments.</summary>
internal sealed record TemplateMethod(string Name, Func<object?[], object?> Invoke);

/// <summary>
/// The value model templates work on, as Helm's values after YAML decoding: null, bool, long,
/// double, string, <c>List&lt;object?&gt;</c> and <c>Dictionary&lt;string, object?&gt;</c>. Maps are
/// visited in key order, as Go does. Printing and truth follow Go's <c>fmt</c> and <c>text/template</c>.
/// </summary>
internal static class TemplateValues
{
    public static Dictionary<string, object?> NewMap() => new(StringComparer.Ordinal);

    /// <summary>Go's truth: false, 0, nil and empty strings, lists and maps are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        IDictionary<string, object?> m => m.Count > 0,
        IList<object?> l => l.Count > 0,
        byte[] b => b.Length > 0,
        _ => true,
    };

    /// <summary>The text <c>{{ value }}</c> prints. Null prints nothing (Helm removes "&lt;no value&gt;").</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        IDictionary<string, object?> m => "map[" + string.Join(" ", SortedKeys(m).Select(k => k + ":" + ToNestedText(m[k]))) + "]",
        IList<object?> l => "[" + string.Join(" ", l.Select(ToNestedText)) + "]",
        byte[] b => "[" + string.Join(" ", b) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Inside a map or list Go prints nil as &lt;nil&gt;.</summary>
    private static string ToNestedText(object? value) => value is null ? "<nil>" : ToText(value);

    /// <summary>
    /// Go's <c>fmt</c> <c>%v</c> of a float64: shortest digits, exponent form when the exponent is
    /// below -4 or at least 6 (why Helm prints 1000000.0 as 1e+06).
    /// </summary>
    public static string FormatFloat(double d)
    {
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (double.IsNaN(d)) return "NaN";
        if (d == 0) return "0";
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        var exp = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var dp = (point < 0 ? mantissa.Length : point) + exp;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        dp -= lead;
        var sign = d < 0 ? "-" : "";
        var x = dp - 1;
        if (x < -4 || x >= 6)
        {
            var m = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return $"{sign}{m}e{(x < 0 ? "-" : "+")}{Math.Abs(x):00}";
        }
        if (dp <= 0) return sign + "0." + new string('0', -dp) + digits;
        if (dp >= digits.Length) return sign + digits + new string('0', dp - digits.Length);
        return sign + digits[..dp] + "." + digits[dp..];
    }

    public static IEnumerable<string> SortedKeys(IDictionary<string, object?> map) => map.Keys.Order(StringComparer.Ordinal);

    /// <summary>Go's reflect kind names, as sprig's <c>kindOf</c> reports them.</summary>
    public static string KindOf(object? value) => value switch
    {
        null => "invalid",
        bool => "bool",
        long => "int64",
        double => "float64",
        string => "string",
        IDictionary<string, object?> => "map",
        IList<object?> => "slice",
        _ => "struct",
    };

    public static string TypeOf(object? value) => value switch
    {
        null => "<nil>",
        IDictionary<string, object?> => "map[string]interface {}",
        IList<object?> => "[]interface {}",
        ITemplateObject o => o.TypeName,
        _ => KindOf(value),
    };

    /// <summary>Go's <c>eq</c>, made lenient across number types (values from YAML may be int or float).</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a) == ToDouble(b);
        return a switch
        {
            string s => b is string t && s == t,
            bool x => b is bool y && x == y,
            _ => ReferenceEquals(a, b) || a.Equals(b),
        };
    }

    /// <summary>Ordering for <c>lt le gt ge</c>: numbers with numbers, strings with strings.</summary>
    public static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a!).CompareTo(ToDouble(b!));
        if (a is string s && b is string t) return string.CompareOrdinal(s, t);
        throw new TemplateFunctionException($"incompatible types for comparison: {TypeOf(a)} and {TypeOf(b)}");
    }

    public static bool IsNumber(object? v) => v is long or double or int;

    public static double ToDouble(object? v) => v switch
    {
        long l => l,
        int i => i,
        double d => d,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => 0,
    };

    /// <summary>Sprig's <c>toInt64</c>: numbers truncate, numeric strings parse, anything else is 0.</summary>
    public static long ToLong(object? v) => v switch
    {
        long l => l,
        int i => i,
        double d => double.IsFinite(d) ? (long)d : 0,
        bool b => b ? 1 : 0,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (long)d,
        _ => 0,
    };

    public static int ToInt(object? v) => (int)Math.Clamp(ToLong(v), int.MinValue, int.MaxValue);

    /// <summary>A list for functions that take one; a null is an empty list.</summary>
    public static IList<object?> ToList(object? v, string function) => v switch
    {
        null => [],
        IList<object?> l => l,
        _ => throw new TemplateFunctionException($"{function}: expected a list, got {TypeOf(v)}"),
    };

    public static IDictionary<string, object?> ToMap(object? v, string function) => v switch
    {
        IDictionary<string, object?> m => m,
        _ => throw new TemplateFunctionException($"{function}: expected a map, got {TypeOf(v)}"),
    };

    /// <summary>A copy all the way down, so a template changing it does not change the values it came from.</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        IDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value), StringComparer.Ordinal),
        IList<object?> l => l.Select(DeepCopy).ToList(),
        _ => value,
    };

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\r' => "\\r",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}

/// <summary>A function refused its arguments; the evaluator adds the location.</summary>
internal sealed class TemplateFunctionException(string message) : Exception(message);

/// <summary><c>required</c> or <c>fail</c>: the chart's own message, reported without "executing ...".</summary>
internal sealed class TemplateUserException(string message) : Exception(message);
