using EdgeMano.Plane.Manifests.Templates;
using EdgeMano.Plane.Manifests.Values;

namespace EdgeMano.Plane.Manifests.Tests.Values;

public class ValueYamlTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("Off", false)]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0755", 493L)]
    [InlineData("1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("~", null)]
    [InlineData("1.16.0", "1.16.0")]
    [InlineData("nginx", "nginx")]
    public void ResolvePlain_Yaml11Scalars_AsHelmReadsThem(string text, object? expected) =>
        Assert.Equal(expected, ValueYaml.ResolvePlain(text));

    [Fact]
    public void Parse_QuotedAndTaggedScalars_StayStrings()
    {
        var (value, error) = ValueYaml.Parse("a: \"1\"\nb: '1.16'\nc: !!str 42\nd: |\n  text\n", "values.yaml");
        Assert.Null(error);
        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal(["1", "1.16", "42", "text\n"], new[] { map["a"], map["b"], map["c"], map["d"] });
    }

    [Fact]
    public void Parse_MergeKey_AppliesTheAnchoredMapping()
    {
        var (value, error) = ValueYaml.Parse("base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n", "values.yaml");
        Assert.Null(error);
        var derived = (Dictionary<string, object?>)((Dictionary<string, object?>)value!)["derived"]!;
        Assert.Equal(1L, derived["a"]);
        Assert.Equal(3L, derived["b"]);
    }

    [Fact]
    public void ParseMap_InvalidYaml_ReportsFileAndLine()
    {
        var (_, error) = ValueYaml.ParseMap("a: 1\nb: [1, 2\nc: 3\n", "override.yaml");
        Assert.NotNull(error);
        Assert.Equal("override.yaml", error.File);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.StartsWith("invalid YAML", error.Message);
    }

    [Fact]
    public void ParseMap_NotAMapping_IsAnError() =>
        Assert.Equal("values must be a mapping of names to values", ValueYaml.ParseMap("- a\n- b\n", "v.yaml").Error?.Message);

    [Fact]
    public void Write_NestedValues_FormatsLikeHelmsToYaml()
    {
        var (value, _) = ValueYaml.Parse("""
            z: last
            a:
              list: [x, {k: v, j: w}, [1, 2]]
              empty: {}
              none: []
              nil: null
              quoted: ["true", "8080", "", " pad", "a: b", "-x", "- y", "#c"]
              multi: "line1\nline2\n"
            """, "v");
        Assert.Equal("""
            a:
              empty: {}
              list:
              - x
              - j: w
                k: v
              - - 1
                - 2
              multi: |
                line1
                line2
              nil: null
              none: []
              quoted:
              - "true"
              - "8080"
              - ""
              - " pad"
              - "a: b"
              - -x
              - "- y"
              - "#c"
            z: last
            """, ValueYamlWriter.Write(value));
    }

    [Fact]
    public void Write_StringWithoutFinalNewline_UsesStripChomping() =>
        Assert.Equal("k: |-\n  a\n  b", ValueYamlWriter.Write(new Dictionary<string, object?> { ["k"] = "a\nb" }));

    [Fact]
    public void WriteThenParse_RoundTripsTheValues()
    {
        var (value, _) = ValueYaml.Parse("a: {b: [1, 2.5, true, 'no', '0755', null]}\nc: 'x: y'\n", "v");
        var (again, error) = ValueYaml.Parse(ValueYamlWriter.Write(value), "v");
        Assert.Null(error);
        Assert.Equal(ValueJson.Write(value), ValueJson.Write(again));
    }

    [Fact]
    public void Override_DeepMergesMapsReplacesListsAndNullRemoves()
    {
        var (defaults, _) = ValueYaml.ParseMap("image: {repository: nginx, tag: ''}\nports: [80, 443]\nnodeSelector: {disk: ssd}\n", "values.yaml");
        var (overrides, _) = ValueYaml.ParseMap("image: {tag: '1.25'}\nports: [8080]\nnodeSelector: null\n", "override");
        var merged = ValueMerge.Override(defaults, overrides);
        Assert.Equal("{\"image\":{\"repository\":\"nginx\",\"tag\":\"1.25\"},\"ports\":[8080]}", ValueJson.Write(merged));
        Assert.Equal("", ((Dictionary<string, object?>)defaults["image"]!)["tag"]);
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.25, "-2.25")]
    public void FormatFloat_LikeGosPercentV(double value, string expected) =>
        Assert.Equal(expected, TemplateValues.FormatFloat(value));
}
