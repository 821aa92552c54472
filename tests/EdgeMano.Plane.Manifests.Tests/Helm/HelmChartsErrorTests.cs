using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests.Helm;

/// <summary>Charts that do not render: each error names the template file and line, all files are tried.</summary>
public class HelmChartsErrorTests
{
    private static ChartRender Render(string? values, params (string Path, string Text)[] files)
    {
        var all = ChartFiles.Of([("Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n"), .. files]);
        var load = HelmCharts.LoadFiles(all, "pkg/app");
        Assert.Empty(load.Errors);
        return HelmCharts.Render(load.Chart!, values, "rel", "default");
    }

    [Fact]
    public void Render_ExecutionErrorsInTwoFiles_ReportsBothAtTheirLines()
    {
        var render = Render(null,
            ("values.yaml", "config: {}\n"),
            ("templates/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  key: {{ .Values.config.server.port }}\n"),
            ("templates/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"nameOverride is required\" .Values.nameOverride }}\n"));

        Assert.Empty(render.Manifests);
        Assert.Equal([
            "pkg/app/templates/a.yaml:5:11: executing \"app/templates/a.yaml\" at <.Values.config.server.port>: nil pointer evaluating interface {}.port",
            "pkg/app/templates/b.yaml:4:12: nameOverride is required",
        ], render.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Render_ParseErrorInHelpers_ReportsTheHelperLine()
    {
        var render = Render(null,
            ("templates/_helpers.tpl", "{{- define \"app.name\" -}}\n{{ .Chart.Name | trunc 63 }\n{{- end }}\n"),
            ("templates/a.yaml", "name: {{ include \"app.name\" . }}\n"));

        Assert.Equal("pkg/app/templates/_helpers.tpl:2:27: template parse error: unexpected '}' in action", Assert.Single(render.Errors).ToString());
    }

    [Fact]
    public void Render_IncludeOfAnUnknownTemplate_NamesIt() =>
        Assert.Equal("pkg/app/templates/a.yaml:1:10: executing \"app/templates/a.yaml\" at <include \"app.fullname\" .>: no template \"app.fullname\" associated with template \"app/templates/a.yaml\"",
            Assert.Single(Render(null, ("templates/a.yaml", "name: {{ include \"app.fullname\" . }}\n")).Errors).ToString());

    [Fact]
    public void Render_LibraryChart_IsRefused()
    {
        var load = HelmCharts.LoadFiles(ChartFiles.Of(("Chart.yaml", "apiVersion: v2\nname: common\nversion: 2.0.0\ntype: library\n")), "pkg/common");
        Assert.Equal("pkg/common/Chart.yaml: type: is a library chart: it only provides templates to other charts and cannot be rendered on its own",
            Assert.Single(HelmCharts.Render(load.Chart!, null, "rel", "default").Errors).ToString());
    }

    [Fact]
    public void Render_FilesAndTemplateObjects_AreAvailable()
    {
        var render = Render(null,
            ("config/app.conf", "listen 8080;\n"),
            ("templates/cm.yaml", "name: {{ .Template.Name }}\nbase: {{ .Template.BasePath }}\nconf: {{ .Files.Get \"config/app.conf\" | trim | quote }}\n{{ (.Files.Glob \"config/*\").AsConfig }}\nns: {{ .Release.Namespace }}\napps: {{ .Capabilities.APIVersions.Has \"apps/v1\" }}\nkube: {{ .Capabilities.KubeVersion.Version }}\n"));

        Assert.Empty(render.Errors);
        Assert.Equal("name: app/templates/cm.yaml\nbase: app/templates\nconf: \"listen 8080;\"\napp.conf: |\n  listen 8080;\nns: default\napps: true\nkube: v1.31.0\n",
            render.Manifests.Single().Text);
    }

    [Fact]
    public void Render_WhitespaceOnlyOutput_IsNotAManifest() =>
        Assert.Empty(Render(null, ("templates/off.yaml", "{{- if false }}\nkind: Pod\n{{- end }}\n\n")).Manifests);
}
