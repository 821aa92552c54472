using static EdgeMano.Plane.Manifests.Tests.Templates.TemplateRunner;

namespace EdgeMano.Plane.Manifests.Tests.Templates;

/// <summary>Each function as charts call it, with the output Helm gives.</summary>
public class TemplateFunctionsTests
{
    private const string Data = """
        name: edge-web
        port: 8080
        ratio: 0.5
        empty: ""
        list: [b, a, b, c]
        map: {k2: v2, k1: v1}
        nested: {a: {b: deep}}
        enabled: true
        """;

    [Theory]
    // default, empty, coalesce, ternary
    [InlineData("{{ .missing | default \"x\" }}", "x")]
    [InlineData("{{ .empty | default \"x\" }}", "x")]
    [InlineData("{{ .name | default \"x\" }}", "edge-web")]
    [InlineData("{{ empty .list }}|{{ empty .empty }}", "false|true")]
    [InlineData("{{ coalesce .missing .empty .name }}", "edge-web")]
    [InlineData("{{ ternary \"on\" \"off\" .enabled }}", "on")]
    // strings
    [InlineData("{{ .name | quote }} {{ .port | quote }} {{ .name | squote }}", "\"edge-web\" \"8080\" 'edge-web'")]
    [InlineData("{{ \"  x  \" | trim }}|{{ \"a-\" | trimSuffix \"-\" }}|{{ \"v1.2\" | trimPrefix \"v\" }}", "x|a|1.2")]
    [InlineData("{{ .name | trunc 4 }}|{{ .name | trunc -3 }}", "edge|web")]
    [InlineData("{{ .name | upper }}|{{ \"HeLLo\" | lower }}|{{ \"hello world\" | title }}", "EDGE-WEB|hello|Hello World")]
    [InlineData("{{ .name | replace \"-\" \"_\" }}", "edge_web")]
    [InlineData("{{ contains \"web\" .name }}|{{ hasPrefix \"edge\" .name }}|{{ hasSuffix \"x\" .name }}", "true|true|false")]
    [InlineData("{{ \"a\\nb\" | indent 2 }}|{{ \"a\\nb\" | nindent 2 }}", "  a\n  b|\n  a\n  b")]
    [InlineData("{{ printf \"%s:%d %v %q %5.2f %x %03d %t\" .name .port .list \"q\" 3.14159 255 7 true }}", "edge-web:8080 [b a b c] \"q\"  3.14 ff 007 true")]
    [InlineData("{{ printf \"%d\" }}|{{ printf \"%d\" \"x\" }}", "%!d(MISSING)|%!d(string=x)")]
    [InlineData("{{ print \"a\" 1 2 \"b\" }}|{{ println \"a\" 1 }}", "a1 2b|a 1\n")]
    [InlineData("{{ \"hello\" | b64enc }}|{{ \"aGVsbG8=\" | b64dec }}", "aGVsbG8=|hello")]
    [InlineData("{{ \"abc\" | sha256sum | trunc 8 }}", "ba7816bf")]
    [InlineData("{{ regexMatch \"^[a-z-]+$\" .name }}|{{ regexReplaceAll \"-(w)\" .name \"_$1\" }}", "true|edge_web")]
    [InlineData("{{ join \",\" .list }}|{{ splitList \",\" \"a,b\" | len }}|{{ (split \",\" \"a,b\")._1 }}", "b,a,b,c|2|b")]
    [InlineData("{{ substr 0 4 .name }}|{{ repeat 2 \"ab\" }}|{{ nospace \"a b c\" }}|{{ cat \"a\" .missing \"b\" }}", "edge|abab|abc|a b")]
    [InlineData("{{ \"HelloWorld\" | snakecase }}|{{ \"hello_world\" | camelcase }}|{{ \"HelloWorld\" | kebabcase }}", "hello_world|HelloWorld|hello-world")]
    [InlineData("{{ .port | toString | len }}|{{ \"42\" | int | add 1 }}|{{ \"1.9\" | float64 }}|{{ atoi \"12\" }}", "4|43|1.9|12")]
    // comparisons and logic
    [InlineData("{{ eq .port 8080 }}|{{ eq .name \"a\" \"edge-web\" }}|{{ ne .port 80 }}", "true|true|true")]
    [InlineData("{{ lt 1 2 }}|{{ le 2 2 }}|{{ gt .ratio 0.4 }}|{{ ge \"b\" \"a\" }}", "true|true|true|true")]
    [InlineData("{{ not .enabled }}|{{ and .enabled .name }}|{{ or .empty .missing }}", "false|edge-web|")]
    // collections
    [InlineData("{{ len .list }}|{{ index .list 1 }}|{{ index .nested \"a\" \"b\" }}|{{ index .map \"nope\" }}", "4|a|deep|")]
    [InlineData("{{ list 1 \"a\" }}|{{ dict \"a\" 1 \"b\" \"x\" }}", "[1 a]|map[a:1 b:x]")]
    [InlineData("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ hasKey $d \"b\" }}|{{ keys $d }}|{{ get $d \"a\" }}|{{ unset $d \"a\" | keys }}", "true|[a b]|1|[b]")]
    [InlineData("{{ keys .map | sortAlpha }}|{{ values .map }}|{{ pick .map \"k1\" }}|{{ omit .map \"k1\" }}", "[k1 k2]|[v1 v2]|map[k1:v1]|map[k2:v2]")]
    [InlineData("{{ merge (dict \"a\" 1) (dict \"a\" 2 \"b\" 2) }}|{{ mergeOverwrite (dict \"a\" 1) (dict \"a\" 2) }}", "map[a:1 b:2]|map[a:2]")]
    [InlineData("{{ first .list }}|{{ last .list }}|{{ rest .list }}|{{ initial .list }}", "b|c|[a b c]|[b a b]")]
    [InlineData("{{ append .list \"d\" }}|{{ prepend .list \"z\" }}|{{ concat .list (list \"x\") | len }}", "[b a b c d]|[z b a b c]|5")]
    [InlineData("{{ uniq .list }}|{{ has \"a\" .list }}|{{ without .list \"b\" }}|{{ compact (list \"\" \"a\" 0) }}", "[b a c]|true|[a c]|[a]")]
    [InlineData("{{ sortAlpha .list }}|{{ reverse .list }}|{{ until 3 }}|{{ untilStep 0 10 5 }}", "[a b b c]|[c b a b]|[0 1 2]|[0 5]")]
    [InlineData("{{ dig \"a\" \"b\" \"none\" .nested }}|{{ dig \"a\" \"x\" \"none\" .nested }}|{{ pluck \"k1\" .map .map }}", "deep|none|[v1 v1]")]
    // math
    [InlineData("{{ add 1 2 3 }}|{{ sub 10 4 }}|{{ mul 2 3 4 }}|{{ div 7 2 }}|{{ mod 7 2 }}|{{ add1 1 }}", "6|6|24|3|1|2")]
    [InlineData("{{ max 1 5 3 }}|{{ min 4 2 }}|{{ addf 1.5 1 }}|{{ divf 1 4 }}|{{ floor 1.7 }}|{{ ceil 1.2 }}", "5|2|2.5|0.25|1|2")]
    // conversions
    [InlineData("{{ toYaml .map }}", "k1: v1\nk2: v2")]
    [InlineData("{{ toJson .map }}|{{ toJson .list }}|{{ (fromJson \"{\\\"a\\\": [1, 2]}\").a }}", "{\"k1\":\"v1\",\"k2\":\"v2\"}|[\"b\",\"a\",\"b\",\"c\"]|[1 2]")]
    [InlineData("{{ (fromYaml \"a:\\n  b: 1\").a.b }}|{{ (fromYaml \"a: [\").Error | contains \"invalid YAML\" }}", "1|true")]
    [InlineData("{{ kindOf .map }}|{{ kindIs \"string\" .name }}|{{ typeOf .port }}|{{ kindOf .list }}", "map|true|int64|slice")]
    [InlineData("{{ semverCompare \">=1.19-0\" \"v1.31.0\" }}|{{ semverCompare \"<1.19\" \"v1.31.0\" }}|{{ semverCompare \"^1.2\" \"1.9.3\" }}|{{ semverCompare \"~1.2.0\" \"1.3.0\" }}|{{ semverCompare \">=1.2, <2 || 3.x\" \"3.1.0\" }}", "true|false|true|false|true")]
    [InlineData("{{ lookup \"v1\" \"Secret\" \"default\" \"x\" | len }}", "0")]
    public void Function_AsChartsCallIt_GivesHelmsOutput(string template, string expected) =>
        Assert.Equal(expected, Render(template, Data));

    [Fact]
    public void Function_WrongArgumentCount_FailsNamingTheFunction() =>
        Assert.Contains("wrong number of args for trunc: want 2 got 1", Failure("{{ trunc 3 }}"));

    [Fact]
    public void Function_IndexOutOfRange_Fails() =>
        Assert.Contains("index out of range: 9", Failure("{{ index .list 9 }}", Data));

    [Fact]
    public void Function_DivideByZero_Fails() =>
        Assert.Contains("integer divide by zero", Failure("{{ div 1 0 }}"));

    [Fact]
    public void Function_RandAlphaNum_GivesTheLengthAsked() =>
        Assert.Matches("^[A-Za-z0-9]{12}$", Render("{{ randAlphaNum 12 }}"));
}
