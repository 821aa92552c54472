using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests.Helm;

/// <summary>Subcharts in charts/ (folders and archives): values scoped by name or alias, globals, conditions, shared helpers.</summary>
public class HelmChartsSubchartTests
{
    private static Dictionary<string, byte[]> Parent(string cacheCondition = "cache.enabled")
    {
        var cache = ChartFiles.Of(
            ("Chart.yaml", "apiVersion: v2\nname: redis\nversion: 7.2.0\nappVersion: '7.2'\n"),
            ("values.yaml", "image: {repository: redis, tag: '7.2'}\nport: 6379\n"),
            ("templates/_helpers.tpl", "{{- define \"redis.name\" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end }}\n{{- define \"common.registry\" -}}docker.io{{- end }}\n"),
            ("templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ include "redis.name" . }}
                spec:
                  template:
                    spec:
                      containers:
                        - name: redis
                          image: "{{ .Values.global.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                          ports: [{containerPort: {{ .Values.port }}}]
                """));
        var files = ChartFiles.Of(
            ("Chart.yaml", $"apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 7.2.0\n    alias: cache\n    condition: {cacheCondition}\n"),
            ("values.yaml", "global: {registry: registry.local}\ncache: {enabled: true, port: 6380}\n"),
            ("templates/_helpers.tpl", "{{- define \"common.registry\" -}}{{ .Values.global.registry }}{{- end }}\n"),
            ("templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: shop}\nspec:\n  containers: [{name: shop, image: \"{{ include \"common.registry\" . }}/shop:1\"}]\n"));
        foreach (var (path, bytes) in cache) files[$"charts/redis/{path}"] = bytes;
        return files;
    }

    [Fact]
    public void Render_SubchartWithAlias_GetsItsScopedValuesAndTheGlobals()
    {
        var chart = HelmCharts.LoadFiles(Parent(), "pkg/shop").Chart!;
        var render = HelmCharts.Render(chart, null, "prod", "default");

        Assert.Empty(render.Errors);
        Assert.Equal(["pkg/shop/templates/pod.yaml", "pkg/shop/charts/redis/templates/deployment.yaml"], render.Manifests.Select(m => m.Path));
        var redis = render.Manifests[1].Text;
        Assert.Contains("name: prod-cache", redis);
        Assert.Contains("image: \"registry.local/redis:7.2\"", redis);
        Assert.Contains("containerPort: 6380", redis);
        // The parent's define of a shared helper wins over the subchart's.
        Assert.Contains("image: \"registry.local/shop:1\"", render.Manifests[0].Text);

        var translation = KubernetesManifests.ToWorkloads(render.Manifests, "shop");
        Assert.Empty(translation.Errors);
        Assert.Equal(["shop-shop", "shop-prod-cache"], translation.Workloads.Select(w => w.Name));
    }

    [Fact]
    public void Render_SubchartConditionFalse_LeavesItOut()
    {
        var chart = HelmCharts.LoadFiles(Parent(), "pkg/shop").Chart!;
        var render = HelmCharts.Render(chart, "cache: {enabled: false}\n", "prod", "default");

        Assert.Empty(render.Errors);
        Assert.Equal(["pkg/shop/templates/pod.yaml"], render.Manifests.Select(m => m.Path));
    }

    [Fact]
    public void Render_SubchartPackedAsArchive_RendersLikeAFolder()
    {
        var files = Parent();
        var sub = files.Where(f => f.Key.StartsWith("charts/redis/", StringComparison.Ordinal)).ToDictionary(f => f.Key["charts/redis/".Length..], f => f.Value);
        foreach (var key in files.Keys.Where(k => k.StartsWith("charts/", StringComparison.Ordinal)).ToList()) files.Remove(key);
        files["charts/redis-7.2.0.tgz"] = ChartFiles.Pack(sub, "redis");

        var render = HelmCharts.Render(HelmCharts.LoadFiles(files, "pkg/shop").Chart!, null, "prod", "default");

        Assert.Empty(render.Errors);
        Assert.Equal(["pkg/shop/templates/pod.yaml", "pkg/shop/charts/redis-7.2.0.tgz/templates/deployment.yaml"], render.Manifests.Select(m => m.Path));
    }

    [Fact]
    public void LoadFiles_BrokenSubchart_ReportsItsFile()
    {
        var files = Parent();
        files["charts/redis/Chart.yaml"] = "apiVersion: v2\nname: redis\n"u8.ToArray();

        var load = HelmCharts.LoadFiles(files, "pkg/shop");

        Assert.Null(load.Chart);
        Assert.Equal("pkg/shop/charts/redis/Chart.yaml:1:1: version: required field 'version' is missing", Assert.Single(load.Errors).ToString());
    }

    [Fact]
    public void Render_ApiVersionV1ChartWithRequirements_HonoursTheRequirementCondition()
    {
        var files = Parent();
        files["Chart.yaml"] = "apiVersion: v1\nname: shop\nversion: 1.0.0\n"u8.ToArray();
        files["requirements.yaml"] = "dependencies:\n  - name: redis\n    version: 7.2.0\n    alias: cache\n    condition: cache.enabled\n"u8.ToArray();
        var chart = HelmCharts.LoadFiles(files, "pkg/shop").Chart!;

        Assert.Equal("v1", chart.ApiVersion);
        Assert.Equal(2, HelmCharts.Render(chart, null, "prod", "default").Manifests.Count);
        Assert.Single(HelmCharts.Render(chart, "cache: {enabled: false}", "prod", "default").Manifests);
    }
}
