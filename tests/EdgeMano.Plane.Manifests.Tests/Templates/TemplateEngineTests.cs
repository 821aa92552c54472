using static EdgeMano.Plane.Manifests.Tests.Templates.TemplateRunner;

namespace EdgeMano.Plane.Manifests.Tests.Templates;

public class TemplateEngineTests
{
    [Theory]
    [InlineData("a  {{- 1 -}}  b", "a1b")]
    [InlineData("a\n  {{- 1 }}\n  b", "a1\n  b")]
    [InlineData("a {{-3}} b", "a -3 b")]
    [InlineData("a{{/* a comment */}}b", "ab")]
    [InlineData("a\n{{- /* trimmed comment */ -}}\nb", "ab")]
    [InlineData("{{ \"}} inside {{\" }}", "}} inside {{")]
    [InlineData("{{ `raw \\n` }}", "raw \\n")]
    public void Render_DelimitersTrimsAndComments_FollowGo(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void Render_Pipeline_PassesValueAsLastArgument() =>
        Assert.Equal("a-x", Render("{{ \"x\" | printf \"%s-%s\" \"a\" }}"));

    [Fact]
    public void Render_ParenthesizedPipelineWithFields_EvaluatesChain() =>
        Assert.Equal("1", Render("{{ (dict \"a\" (dict \"b\" 1)).a.b }}"));

    [Fact]
    public void Render_VariableAssignedInsideIf_KeepsNewValueAndDropsInnerDeclaration() =>
        Assert.Equal("2", Render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}"));

    [Fact]
    public void Render_UndeclaredVariable_FailsWithLocation() =>
        Assert.Equal("chart/templates/t.yaml:2:7: executing \"chart/templates/t.yaml\" at <$y>: undefined variable: $y",
            Failure("{{ if true }}{{ $y := 3 }}{{ end }}\nx: {{ $y }}"));

    [Theory]
    [InlineData("a: 1", "one")]
    [InlineData("b: 1", "two")]
    [InlineData("{}", "none")]
    public void Render_ElseIfChain_ChoosesFirstTrueBranch(string data, string expected) =>
        Assert.Equal(expected, Render("{{ if .a }}one{{ else if .b }}two{{ else }}none{{ end }}", data));

    [Theory]
    [InlineData("a: x", "A:x")]
    [InlineData("b: why", "B:why")]
    [InlineData("{}", "none")]
    public void Render_WithElseWith_MovesDotToTheFirstNonEmptyValue(string data, string expected) =>
        Assert.Equal(expected, Render("{{ with .a }}A:{{ . }}{{ else with .b }}B:{{ . }}{{ else }}none{{ end }}", data));

    [Fact]
    public void Render_WithElse_MovesDotOnlyWhenTrue() =>
        Assert.Equal("x|empty", Render("{{ with .a }}{{ . }}{{ end }}|{{ with .b }}{{ . }}{{ else }}empty{{ end }}", "a: x\nb: ''"));

    [Fact]
    public void Render_RangeOverMap_VisitsKeysInOrderWithKeyAndValue() =>
        Assert.Equal("a=1;b=2;", Render("{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}", "m: {b: 2, a: 1}"));

    [Fact]
    public void Render_RangeOverListWithIndexBreakAndContinue_StopsWhereAsked() =>
        Assert.Equal("0:a 2:c ", Render("{{ range $i, $v := .l }}{{ if eq $v \"b\" }}{{ continue }}{{ end }}{{ if eq $v \"d\" }}{{ break }}{{ end }}{{ $i }}:{{ $v }} {{ end }}", "l: [a, b, c, d, e]"));

    [Fact]
    public void Render_RangeOverEmptyWithElse_RendersElse() =>
        Assert.Equal("none", Render("{{ range .l }}x{{ else }}none{{ end }}", "l: []"));

    [Fact]
    public void Render_RangeOverIntegerAndUntil_CountFromZero() =>
        Assert.Equal("012|012", Render("{{ range 3 }}{{ . }}{{ end }}|{{ range until 3 }}{{ . }}{{ end }}"));

    [Fact]
    public void Render_RangeKeepsRootInDollar() =>
        Assert.Equal("p-a p-b ", Render("{{ range .l }}{{ $.prefix }}-{{ . }} {{ end }}", "prefix: p\nl: [a, b]"));

    [Fact]
    public void Render_DefineTemplateAndInclude_ShareDefinesAcrossFiles()
    {
        var helpers = ("templates/_helpers.tpl", "{{- define \"labels\" -}}\napp: {{ .name }}\ntier: web\n{{- end }}");
        Assert.Equal("labels:\n    app: x\n    tier: web\nraw: app: x\ntier: web",
            Render("labels:\n  {{- include \"labels\" . | nindent 4 }}\nraw: {{ template \"labels\" . }}", "name: x", helpers));
    }

    [Fact]
    public void Render_Block_UsesItsBodyUnlessDefinedElsewhere()
    {
        Assert.Equal("[default]", Render("[{{ block \"b\" . }}default{{ end }}]"));
        Assert.Equal("[override]", Render("[{{ block \"b\" . }}default{{ end }}]", "{}", ("templates/_b.tpl", "{{ define \"b\" }}override{{ end }}")));
    }

    [Fact]
    public void Render_MissingValue_PrintsNothing() =>
        Assert.Equal("v: ", Render("v: {{ .Values.nothing }}", "Values: {}"));

    [Fact]
    public void Render_FieldOfMissingValue_FailsAtTheAction() =>
        Assert.Equal("chart/templates/t.yaml:2:11: executing \"chart/templates/t.yaml\" at <.Values.image.tag>: nil pointer evaluating interface {}.tag",
            Failure("a: 1\nimage: {{ .Values.image.tag }}", "Values: {}"));

    [Fact]
    public void Render_UnknownFunction_IsAParseErrorAtItsColumn() =>
        Assert.Equal("chart/templates/t.yaml:3:11: template parse error: function \"toYml\" not defined",
            Failure("a: 1\nb: 2\nc: {{ . | toYml }}"));

    [Fact]
    public void Render_UnclosedIf_IsAParseError() =>
        Assert.Contains("has no {{end}}", Failure("{{ if .a }}\nx\n"));

    [Fact]
    public void Render_RequiredValueMissing_ReportsTheChartsMessage() =>
        Assert.Equal("chart/templates/t.yaml:2:11: image.repository is required",
            Failure("a: 1\nimage: {{ required \"image.repository is required\" .image.repository }}", "image: {}"));

    [Fact]
    public void Render_ErrorInsideInclude_IsLocatedInTheHelperWithItsCaller()
    {
        var helpers = ("templates/_helpers.tpl", "{{- define \"broken\" -}}\n{{ fail \"broken helper\" }}\n{{- end }}");
        Assert.Equal("chart/templates/_helpers.tpl:2:4: broken helper (called from chart/templates/t.yaml:2)",
            Failure("a: 1\nb: {{ include \"broken\" . }}", "{}", helpers));
    }

    [Fact]
    public void Render_SelfInclude_StopsWithNestingError() =>
        Assert.Contains("nested deeper than 100", Failure("{{ include \"loop\" . }}", "{}", ("templates/_loop.tpl", "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}")));

    [Fact]
    public void Render_AndOr_StopAtTheDecidingOperand() =>
        Assert.Equal("false|x", Render("{{ and false (fail \"not evaluated\") }}|{{ or \"\" \"x\" (fail \"not evaluated\") }}"));

    [Fact]
    public void Render_Tpl_RendersAValueAsATemplate() =>
        Assert.Equal("host: web.default", Render("host: {{ tpl .Values.host . }}", "Values: {host: '{{ .Release.Name }}.default'}\nRelease: {Name: web}"));

    [Fact]
    public void Execute_ActionOutput_IsAttributedToTheActionLine()
    {
        var output = Execute("a: 1\nb:\n  {{- toYaml .m | nindent 2 }}\nc: 3", "m: {x: 1, z: 2}");
        Assert.Equal("a: 1\nb:\n  x: 1\n  z: 2\nc: 3", output.Text);
        Assert.Equal([1, 2, 3, 3, 4], output.TemplateLines);
    }
}
