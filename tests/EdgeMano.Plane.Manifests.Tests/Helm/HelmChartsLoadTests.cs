using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests.Helm;

public class HelmChartsLoadTests
{
    private const string Source = "Files/charts/edge-web";

    [Fact]
    public void LoadFiles_HelmCreateChart_ReadsMetadataTemplatesAndHelpers()
    {
        var load = HelmCharts.LoadFiles(Fixture.Files("charts/edge-web"), Source);

        Assert.Empty(load.Errors);
        var chart = load.Chart!;
        Assert.Equal(("edge-web", "0.1.0", "1.16.0", "v2"), (chart.Name, chart.Version, chart.AppVersion, chart.ApiVersion));
        Assert.Equal(["templates/NOTES.txt", "templates/_helpers.tpl", "templates/deployment.yaml", "templates/hpa.yaml", "templates/ingress.yaml",
            "templates/service.yaml", "templates/serviceaccount.yaml", "templates/tests/test-connection.yaml"], chart.Templates.Select(t => t.Path));
        Assert.Equal(["templates/_helpers.tpl"], chart.Helpers.Select(t => t.Path));
        Assert.Equal(6, chart.RenderedTemplates.Count());
        Assert.Contains("replicaCount: 1", chart.ValuesYaml);
        Assert.Empty(chart.Files);
        Assert.Empty(chart.Subcharts);
    }

    [Fact]
    public void LoadArchive_PackagedChart_LoadsTheSameChart()
    {
        var files = Fixture.Files("charts/edge-web");
        var load = HelmCharts.LoadArchive(ChartFiles.Pack(files, "edge-web"), "Files/charts/edge-web-0.1.0.tgz");

        Assert.Empty(load.Errors);
        Assert.Equal("Files/charts/edge-web-0.1.0.tgz", load.Chart!.SourceName);
        Assert.Equal(HelmCharts.LoadFiles(files, Source).Chart!.Templates, load.Chart.Templates);
    }

    [Fact]
    public void LoadArchive_NotAnArchive_SaysSo()
    {
        var error = Assert.Single(HelmCharts.LoadArchive("not a tgz"u8.ToArray(), "Files/charts/x.tgz").Errors);
        Assert.Equal("Files/charts/x.tgz", error.File);
        Assert.StartsWith("is not a readable .tgz chart archive", error.Message);
    }

    [Fact]
    public void LoadArchive_TwoChartFolders_IsRefused()
    {
        var tgz = ChartFiles.Pack(ChartFiles.Of(("Chart.yaml", "apiVersion: v2\nname: a\nversion: 1.0.0\n")), "a");
        var files = ChartFiles.Of(("a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 1.0.0\n"), ("b/Chart.yaml", "x"));
        var mixed = ChartFiles.Pack(files, "top");
        Assert.Empty(HelmCharts.LoadArchive(tgz, "a.tgz").Errors);
        Assert.Contains("Chart.yaml' is missing", string.Join("\n", HelmCharts.LoadArchive(mixed, "top.tgz").Errors.Select(e => $"{e.File}' {e.Message}")));
    }

    [Fact]
    public void LoadFiles_BrokenChartYamlAndValues_ReportsEveryProblemAtItsLine()
    {
        var load = HelmCharts.LoadFiles(ChartFiles.Of(
            ("Chart.yaml", "apiVersion: v3\nname: Edge_Web\nversoin: 1.0\ntype: app\n"),
            ("values.yaml", "image:\n  tag: [1.0\n")), "pkg/chart");

        Assert.Null(load.Chart);
        var errors = load.Errors.Select(e => e.ToString()).ToList();
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("pkg/chart/Chart.yaml:1:13: apiVersion: expected one of v1, v2, got 'v3'", StringComparison.Ordinal));
        Assert.Contains("pkg/chart/Chart.yaml:2:7: name: 'Edge_Web' is not a valid chart name: lowercase letters, digits, '-', '_' and '.'", errors);
        Assert.Contains(errors, e => e.StartsWith("pkg/chart/Chart.yaml:3:1: versoin: unknown field 'versoin' (did you mean 'version'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("pkg/chart/Chart.yaml:4:7: type: expected one of application, library, got 'app'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("pkg/chart/values.yaml:", StringComparison.Ordinal) && e.Contains("invalid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFiles_ChartInsideAFolder_PointsAtIt()
    {
        var error = Assert.Single(HelmCharts.LoadFiles(ChartFiles.Of(("edge-web/Chart.yaml", "")), "pkg").Errors);
        Assert.Equal("pkg/Chart.yaml: is missing: a chart has Chart.yaml at its root; found 'edge-web/Chart.yaml': give the files relative to that folder", error.ToString());
    }

    [Fact]
    public void LoadFiles_PathLeavingTheChart_IsRefused() =>
        Assert.Contains(HelmCharts.LoadFiles(ChartFiles.Of(("Chart.yaml", "apiVersion: v2\nname: a\nversion: 1.0.0\n"), ("../etc/passwd", "x")), "pkg").Errors,
            e => e.Message == "path '../etc/passwd' leaves the chart folder");
}
