using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// One node of a loaded document with its path. Each <c>As...</c> converts it, reporting a
/// located error and returning null when it has the wrong type or form.
/// </summary>
public sealed class YamlValue
{
    internal YamlValue(YamlDocumentReader reader, YamlNode node, string path)
    {
        Reader = reader;
        Node = node;
        Path = path;
    }

    public YamlDocumentReader Reader { get; }

    public YamlNode Node { get; }

    public string Path { get; }

    public SourcePosition Position => YamlDocumentReader.Position(Node.Start);

    /// <summary>An unquoted empty, "~" or "null" scalar: YAML's null, read as "not set".</summary>
    public bool IsNull => Node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public void Error(string message) => Reader.Report(Position, Path, message);

    /// <summary>The scalar's text, or null (with an error) for a mapping or a list.</summary>
    public string? AsString()
    {
        if (Node is YamlScalarNode scalar) return IsNull ? "" : scalar.Value ?? "";
        Error($"expected a string, got {DescribeShape()}");
        return null;
    }

    public long? AsInt64(long min = long.MinValue, long max = long.MaxValue) =>
        Convert<long>("a number", ScalarParsers.TryParseInt64) is { } v && InRange(v, min, max) ? v : null;

    public int? AsInt32(int min = int.MinValue, int max = int.MaxValue) =>
        AsInt64(min, max) is { } v ? (int)v : null;

    public double? AsNumber() => Convert<double>("a number", ScalarParsers.TryParseNumber);

    public bool? AsBool() => Convert<bool>("true or false", ScalarParsers.TryParseBool);

    public TimeSpan? AsDuration() => Convert<TimeSpan>("a duration", ScalarParsers.TryParseDuration);

    public long? AsByteSize() => Convert<long>("a size", ScalarParsers.TryParseByteSize);

    public double? AsCpu() => Convert<double>("CPU cores", ScalarParsers.TryParseCpu);

    /// <summary>One of a fixed set of words (exact match), with a suggestion for near misses.</summary>
    public string? AsOneOf(IReadOnlyCollection<string> allowed)
    {
        if (AsString() is not { } text) return null;
        if (allowed.Contains(text)) return text;
        Error($"expected one of {string.Join(", ", allowed)}, got '{text}'{Suggestions.DidYouMean(text, allowed)}");
        return null;
    }

    /// <summary>The items of a list, each with its own path (<c>path[i]</c>).</summary>
    public IReadOnlyList<YamlValue>? AsList()
    {
        if (Node is not YamlSequenceNode sequence)
        {
            Error($"expected a list, got {DescribeShape()}");
            return null;
        }
        var items = new List<YamlValue>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = new YamlValue(Reader, sequence.Children[i], YamlPath.Index(Path, i));
            Reader.Remember(item.Path, item.Position);
            items.Add(item);
        }
        return items;
    }

    /// <summary>A list of strings; a bad item is reported and left out.</summary>
    public IReadOnlyList<string>? AsStringList()
    {
        if (AsList() is not { } items) return null;
        var result = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item.AsString() is { } s) result.Add(s);
        }
        return result;
    }

    /// <summary>A mapping of string to string (null values read as "").</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? AsStringMap()
    {
        if (AsMapping(null) is not { } mapping) return null;
        var result = new List<KeyValuePair<string, string>>();
        foreach (var key in mapping.Keys)
        {
            var value = mapping.Get(key);
            if (value is null) { result.Add(new(key, "")); continue; }
            if (value.AsString() is { } s) result.Add(new(key, s));
        }
        return result;
    }

    /// <summary>
    /// A mapping whose keys must all be in <paramref name="knownKeys"/> (null = any key).
    /// An unknown key is reported with the allowed ones and a "did you mean".
    /// </summary>
    public YamlMapping? AsMapping(IReadOnlyCollection<string>? knownKeys)
    {
        if (Node is not YamlMappingNode mapping)
        {
            Error($"expected a mapping, got {DescribeShape()}");
            return null;
        }
        return new YamlMapping(this, mapping, knownKeys);
    }

    internal string DescribeShape() => Node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull => "nothing (null)",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    private delegate string? TryParse<T>(string text, out T value);

    private T? Convert<T>(string expected, TryParse<T> parse) where T : struct
    {
        if (Node is not YamlScalarNode || IsNull)
        {
            Error($"expected {expected}, got {DescribeShape()}");
            return null;
        }
        var text = AsString() ?? "";
        var problem = parse(text, out var value);
        if (problem is null) return value;
        Error(problem);
        return null;
    }

    private bool InRange(long value, long min, long max)
    {
        if (value >= min && value <= max) return true;
        Error(max == long.MaxValue ? $"must be at least {min}, got {value}"
            : min == long.MinValue ? $"must be at most {max}, got {value}"
            : $"must be between {min} and {max}, got {value}");
        return false;
    }
}
