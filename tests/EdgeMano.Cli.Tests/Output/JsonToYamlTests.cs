using System.Text;
using EdgeMano.Cli.Output;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Cli.Tests.Output;

/// <summary>`-o yaml`: the same data as the plane's JSON, and strings stay strings when read back.</summary>
public sealed class JsonToYamlTests
{
    [Fact]
    public void Convert_NestedDocument_KeepsKeyOrderAndShapes()
    {
        var yaml = JsonToYaml.Convert(Utf8("""{"name":"web","generation":2,"inSync":true,"lastExitCode":null,"selector":{},"nodes":[],"workloads":[{"name":"web","ports":["18080:8080"]}]}"""));

        Assert.Equal(
            "name: web\n" +
            "generation: 2\n" +
            "inSync: true\n" +
            "lastExitCode: null\n" +
            "selector: {}\n" +
            "nodes: []\n" +
            "workloads:\n" +
            "- name: web\n" +
            "  ports:\n" +
            "  - \"18080:8080\"\n",
            yaml.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("Off")]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("-1.5e3")]
    [InlineData(".5")]
    [InlineData("0x1F")]
    [InlineData("1:30")]
    [InlineData(".inf")]
    [InlineData("2026-11-29T10:00:00Z")]
    [InlineData("9f2c")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("#comment")]
    [InlineData("line one\nline two")]
    [InlineData("  padded  ")]
    [InlineData("it's \"quoted\"")]
    public void Convert_StringThatLooksLikeSomethingElse_ReadsBackAsTheSameString(string value)
    {
        var json = $$"""{"v":{{System.Text.Json.JsonSerializer.Serialize(value)}}}""";

        var yaml = JsonToYaml.Convert(Utf8(json));

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var scalar = (YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        Assert.Equal(value, scalar.Value);
        // A plain scalar is resolved by type; only a quoted one is surely a string.
        if (JsonToYaml.NeedsQuotes(value)) Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("plant-a")]
    [InlineData("local/busybox:1")]
    [InlineData("Running")]
    public void Convert_OrdinaryString_IsPlain(string value)
    {
        var yaml = JsonToYaml.Convert(Utf8($$"""{"v":"{{value}}"}"""));

        Assert.Equal($"v: {value}\n", yaml.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Convert_NumbersAndBooleans_ArePlainAsInJson()
    {
        var yaml = JsonToYaml.Convert(Utf8("""[1, -2.50, 1e3, false]"""));

        Assert.Equal("- 1\n- -2.50\n- 1e3\n- false\n", yaml.ReplaceLineEndings("\n"));
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
