using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>Asserts that a YAML document (read back by YamlDotNet) holds exactly the data of a JSON document.</summary>
internal static class YamlMatchesJson
{
    public static void Assert(string yaml, string json)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        using var document = JsonDocument.Parse(json);
        Compare(stream.Documents.Single().RootNode, document.RootElement, "$");
    }

    private static void Compare(YamlNode yaml, JsonElement json, string path)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                var mapping = Xunit.Assert.IsType<YamlMappingNode>(yaml);
                var keys = mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "").ToList();
                Xunit.Assert.Equal(json.EnumerateObject().Select(p => p.Name).ToList(), keys);
                foreach (var property in json.EnumerateObject())
                    Compare(mapping.Children[new YamlScalarNode(property.Name)], property.Value, $"{path}.{property.Name}");
                break;
            case JsonValueKind.Array:
                var sequence = Xunit.Assert.IsType<YamlSequenceNode>(yaml);
                Xunit.Assert.Equal(json.GetArrayLength(), sequence.Children.Count);
                for (var i = 0; i < sequence.Children.Count; i++) Compare(sequence.Children[i], json[i], $"{path}[{i}]");
                break;
            case JsonValueKind.String:
                var text = Xunit.Assert.IsType<YamlScalarNode>(yaml);
                Xunit.Assert.True(json.GetString() == text.Value, $"{path}: YAML '{text.Value}' vs JSON '{json.GetString()}'");
                break;
            default:
                // Numbers, booleans and null are written plain with the JSON text.
                var scalar = Xunit.Assert.IsType<YamlScalarNode>(yaml);
                Xunit.Assert.True(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain, $"{path}: a {json.ValueKind} must be plain");
                Xunit.Assert.True(json.GetRawText() == scalar.Value, $"{path}: YAML {scalar.Value} vs JSON {json.GetRawText()}");
                break;
        }
    }
}
