using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Agent.Core.Configuration;

/// <summary>One setting: its config-file key, flag and environment variable, with a check of its text.</summary>
public sealed record Setting(string Key, string Flag, string Env, string Help, Func<string, string?> Check);

/// <summary>Thrown for a bad config file, variable or flag; the message names where and why (one line per problem).</summary>
public sealed class SettingsException(string message) : Exception(message);

/// <summary>
/// Merges a program's settings from a config file's text, EDGEMANO_* variables and flags (flag
/// beats environment beats file). Pure: the caller reads the file. Every value is checked and every
/// bad one is reported at once with where it came from (file:line:col, variable or flag).
/// </summary>
public static class SettingsMerge
{
    /// <param name="fileText">The config file's content, or null when there is none.</param>
    /// <param name="flags">Values given as flags, by setting key.</param>
    public static IReadOnlyDictionary<string, string> Merge(
        IReadOnlyList<Setting> settings, string? fileText, string filePath,
        IReadOnlyDictionary<string, string> flags, Func<string, string?> getEnv, IEnumerable<string>? earlierErrors = null)
    {
        var values = new Dictionary<string, (string Value, string Origin)>(StringComparer.Ordinal);
        var errors = new List<string>(earlierErrors ?? []);
        if (fileText is not null) ReadFile(settings, fileText, filePath, values, errors);
        foreach (var setting in settings)
        {
            if (getEnv(setting.Env) is { } env) values[setting.Key] = (env, $"environment variable {setting.Env}");
            if (flags.TryGetValue(setting.Key, out var flag)) values[setting.Key] = (flag, $"flag {setting.Flag}");
        }
        foreach (var (key, (value, origin)) in values)
        {
            if (settings.First(s => s.Key == key).Check(value) is not { } problem) continue;
            errors.Add(problem.Contains($"'{value}'", StringComparison.Ordinal) // some parsers already quote it
                ? $"{origin}: {key}: {problem}"
                : $"{origin}: {key}: {problem} (got '{value}')");
        }
        if (errors.Count > 0) throw new SettingsException(string.Join(Environment.NewLine, errors));
        return values.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal);
    }

    private static void ReadFile(IReadOnlyList<Setting> settings, string text, string path,
        Dictionary<string, (string, string)> values, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add($"{path}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}");
            return;
        }
        if (stream.Documents.Count == 0) return;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var n = stream.Documents[0].RootNode;
            if (n is YamlScalarNode { Value: null or "" }) return;
            errors.Add($"{path}:{n.Start.Line}:{n.Start.Column}: expected a mapping of settings (key: value)");
            return;
        }
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!settings.Any(s => s.Key == key))
            {
                var known = string.Join(", ", settings.Select(s => s.Key));
                errors.Add($"{path}:{keyNode.Start.Line}:{keyNode.Start.Column}: unknown setting '{key}' (known: {known})");
                continue;
            }
            var origin = $"{path}:{valueNode.Start.Line}:{valueNode.Start.Column}";
            switch (valueNode)
            {
                case YamlScalarNode s:
                    values[key] = (s.Value ?? "", origin);
                    break;
                case YamlMappingNode m when key == "labels":
                    // Labels may be written as a mapping; they travel on as k=v,k2=v2 like the flag.
                    values[key] = (string.Join(",", m.Children.Select(kv => $"{(kv.Key as YamlScalarNode)?.Value}={(kv.Value as YamlScalarNode)?.Value}")), origin);
                    break;
                default:
                    errors.Add($"{origin}: {key}: expected a single value");
                    break;
            }
        }
    }
}
