using YamlDotNet.RepresentationModel;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// A mapping read field by field. Unknown keys are reported when it is created; typed getters
/// return null for an absent (or YAML null) field and report "required" when asked to.
/// </summary>
public sealed class YamlMapping
{
    private readonly Dictionary<string, (YamlValue Key, YamlValue Value)> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    internal YamlMapping(YamlValue self, YamlMappingNode node, IReadOnlyCollection<string>? knownKeys)
    {
        Self = self;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = new YamlValue(self.Reader, keyNode, self.Path);
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                key.Error($"expected a plain key, got {key.DescribeShape()}");
                continue;
            }
            var path = YamlPath.Child(self.Path, name);
            if (knownKeys is not null && !knownKeys.Contains(name))
            {
                var close = Suggestions.Closest(name, knownKeys);
                var hint = close is null ? "" : $" (did you mean '{close}'?)";
                self.Reader.Report(key.Position, path, $"unknown field '{name}'{hint}; allowed: {string.Join(", ", knownKeys)}");
                // The value was most likely meant for the close key: later checks that find that key
                // missing would only repeat this error.
                if (close is not null) self.Reader.MarkUnreadable(YamlPath.Child(self.Path, close));
                continue;
            }
            var value = new YamlValue(self.Reader, valueNode, path);
            self.Reader.Remember(path, value.Position);
            _fields[name] = (new YamlValue(self.Reader, keyNode, path), value);
            _keys.Add(name);
        }
    }

    public YamlValue Self { get; }

    public string Path => Self.Path;

    /// <summary>Keys present, in document order (unknown keys excluded).</summary>
    public IReadOnlyList<string> Keys => _keys;

    public bool Has(string key) => Get(key) is not null;

    /// <summary>The field's value; null if absent or YAML null. <paramref name="required"/> reports the absence.</summary>
    public YamlValue? Get(string key, bool required = false)
    {
        var present = _fields.TryGetValue(key, out var field);
        if (present && !field.Value.IsNull) return field.Value;
        var path = YamlPath.Child(Path, key);
        if (!required || Self.Reader.ErrorPaths.Contains(path)) return null; // a misspelled key for it was reported
        if (present) field.Key.Error($"required field '{key}' has no value");
        else Self.Reader.Report(Self.Position, path, $"required field '{key}' is missing");
        return null;
    }

    /// <summary>Where the key itself is written (for errors about the field rather than its value).</summary>
    public SourcePosition? KeyPosition(string key) => _fields.TryGetValue(key, out var f) ? f.Key.Position : null;

    public string? String(string key, bool required = false) => Get(key, required)?.AsString();

    public int? Int32(string key, int min = int.MinValue, int max = int.MaxValue, bool required = false) =>
        Get(key, required)?.AsInt32(min, max);

    public long? Int64(string key, long min = long.MinValue, long max = long.MaxValue, bool required = false) =>
        Get(key, required)?.AsInt64(min, max);

    public double? Number(string key, bool required = false) => Get(key, required)?.AsNumber();

    public bool? Bool(string key, bool required = false) => Get(key, required)?.AsBool();

    public TimeSpan? Duration(string key, bool required = false) => Get(key, required)?.AsDuration();

    public long? ByteSize(string key, bool required = false) => Get(key, required)?.AsByteSize();

    public double? Cpu(string key, bool required = false) => Get(key, required)?.AsCpu();

    public string? OneOf(string key, IReadOnlyCollection<string> allowed, bool required = false) =>
        Get(key, required)?.AsOneOf(allowed);

    public IReadOnlyList<string>? StringList(string key, bool required = false) => Get(key, required)?.AsStringList();

    public IReadOnlyList<KeyValuePair<string, string>>? StringMap(string key, bool required = false) =>
        Get(key, required)?.AsStringMap();

    public IReadOnlyList<YamlValue>? List(string key, bool required = false) => Get(key, required)?.AsList();

    public YamlMapping? Mapping(string key, IReadOnlyCollection<string>? knownKeys, bool required = false) =>
        Get(key, required)?.AsMapping(knownKeys);
}
