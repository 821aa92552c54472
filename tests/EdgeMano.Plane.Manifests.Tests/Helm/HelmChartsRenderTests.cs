using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests.Helm;

/// <summary>The <c>helm create</c> chart rendered and translated end to end.</summary>
public class HelmChartsRenderTests
{
    private const string Source = "Files/charts/edge-web";

    private static HelmChart EdgeWeb() => HelmCharts.LoadFiles(Fixture.Files("charts/edge-web"), Source).Chart!;

    private static (ChartRender Render, ManifestTranslation Translation) RenderAndTranslate(string? values = null)
    {
        var render = HelmCharts.Render(EdgeWeb(), values, "web", "default");
        return (render, KubernetesManifests.ToWorkloads(render.Manifests, "cnf"));
    }

    [Fact]
    public void Render_HelmCreateChart_RendersLikeHelmTemplate()
    {
        var render = HelmCharts.Render(EdgeWeb(), null, "web", "default");

        Assert.Empty(render.Errors);
        Assert.Equal([$"{Source}/templates/deployment.yaml", $"{Source}/templates/service.yaml", $"{Source}/templates/serviceaccount.yaml",
            $"{Source}/templates/tests/test-connection.yaml"], render.Manifests.Select(m => m.Path));
        Assert.Equal("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web-edge-web
              labels:
                helm.sh/chart: edge-web-0.1.0
                app.kubernetes.io/name: edge-web
                app.kubernetes.io/instance: web
                app.kubernetes.io/version: "1.16.0"
                app.kubernetes.io/managed-by: Helm
            spec:
              type: ClusterIP
              ports:
                - port: 80
                  targetPort: http
                  protocol: TCP
                  name: http
              selector:
                app.kubernetes.io/name: edge-web
                app.kubernetes.io/instance: web
            """, render.Manifests[1].Text.TrimEnd());
        var deployment = render.Manifests[0].Text;
        Assert.Contains("      serviceAccountName: web-edge-web\n      securityContext:\n        {}\n", deployment);
        Assert.Contains("          image: \"nginx:1.16.0\"\n", deployment);
        Assert.Contains("          env:\n            - name: LOG_LEVEL\n              value: \"info\"\n            - name: WORKERS\n              value: \"2\"\n", deployment);
        Assert.Contains("          livenessProbe:\n            httpGet:\n              path: /\n              port: http\n", deployment);
    }

    [Fact]
    public void Render_RenderedLines_MapBackToTemplateLines()
    {
        var deployment = HelmCharts.Render(EdgeWeb(), null, "web", "default").Manifests[0];
        var lines = deployment.Text.Split('\n');
        int TemplateLineOf(string text) => deployment.SourceLine(Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1);

        Assert.Equal(9, TemplateLineOf("replicas: 1"));
        Assert.Equal(37, TemplateLineOf("image: \"nginx"));
        Assert.Equal(42, TemplateLineOf("- name: WORKERS"));
        Assert.Equal(51, TemplateLineOf("port: http"));
    }

    [Fact]
    public void RenderAndTranslate_HelmCreateChart_GivesOneWebWorkload()
    {
        var (_, translation) = RenderAndTranslate();

        Assert.Empty(translation.Errors);
        var web = Assert.Single(translation.Workloads);
        Assert.Equal("cnf-web-edge-web", web.Name);
        Assert.Equal("nginx:1.16.0", web.Image);
        Assert.Equal(new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["WORKERS"] = "2" }, web.Env.ToDictionary());
        Assert.Equal([new PortMapping { ContainerPort = 80, Protocol = "tcp", HostIp = "127.0.0.1" }], web.Ports);
        Assert.Equal(new HealthProbeSpec { Kind = ProbeKind.Http, Path = "/", Port = 80, Timeout = TimeSpan.FromSeconds(1) }, web.Health);
        Assert.Equal(new Dictionary<string, string>
        {
            ["app.kubernetes.io/instance"] = "web", ["app.kubernetes.io/managed-by"] = "Helm", ["app.kubernetes.io/name"] = "edge-web",
            ["app.kubernetes.io/version"] = "1.16.0", ["helm.sh/chart"] = "edge-web-0.1.0",
        }, web.Labels.ToDictionary());
    }

    [Fact]
    public void RenderAndTranslate_HelmCreateChart_NotesWhatItLeftOut()
    {
        var notes = RenderAndTranslate().Translation.Notes.Select(n => n.ToString()).ToList();

        Assert.Contains($"{Source}/templates/serviceaccount.yaml:3:1: kind: ServiceAccount 'web-edge-web' is ignored: nothing on a container node authenticates to a Kubernetes API server", notes);
        Assert.Contains($"{Source}/templates/tests/test-connection.yaml:8:1: metadata.annotations.helm.sh/hook: Pod 'web-edge-web-test-connection' is a Helm test hook (test); it runs only under 'helm test' and is skipped", notes);
        Assert.Contains(notes, n => n.StartsWith($"{Source}/templates/service.yaml:8:1: spec: Service 'web-edge-web' (ClusterIP) is noted as DNS names only (web-edge-web, web-edge-web.default, web-edge-web.default.svc.cluster.local -> cnf-web-edge-web)", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderAndTranslate_ValuesOverride_UsesTagFullnameNodePortAndEnv()
    {
        var (render, translation) = RenderAndTranslate("""
            fullnameOverride: edge
            image:
              tag: "1.25.3"
            service:
              type: NodePort
              nodePort: 30080
            serviceAccount:
              create: false
            env:
              WORKERS: null
              LOG_LEVEL: debug
            resources:
              limits: {cpu: 250m, memory: 128Mi}
            """);

        Assert.Empty(render.Errors);
        Assert.DoesNotContain(render.Manifests, m => m.Path.EndsWith("serviceaccount.yaml", StringComparison.Ordinal));
        Assert.Contains("serviceAccountName: default", render.Manifests[0].Text);
        Assert.Empty(translation.Errors);
        var web = Assert.Single(translation.Workloads);
        Assert.Equal("cnf-edge", web.Name);
        Assert.Equal("nginx:1.25.3", web.Image);
        Assert.Equal([new PortMapping { ContainerPort = 80, HostPort = 30080, Protocol = "tcp" }], web.Ports);
        Assert.Equal(new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" }, web.Env.ToDictionary());
        Assert.Equal(new ResourceLimits { Cpus = 0.25, MemoryBytes = 128L << 20 }, web.Resources);
    }

    [Fact]
    public void RenderAndTranslate_UntranslatableValues_AreReportedAtTheTemplateLines()
    {
        var (render, translation) = RenderAndTranslate("""
            replicaCount: 3
            securityContext: {runAsUser: 1000}
            volumes: [{name: cfg, configMap: {name: edge-web-config}}]
            volumeMounts: [{name: cfg, mountPath: /etc/nginx/conf.d}]
            """);

        Assert.Empty(render.Errors);
        Assert.Equal([
            $"{Source}/templates/deployment.yaml:9:1: spec.replicas: replicas is 3: a container node runs one instance of each workload, so only 1 (or no replicas field) can be translated",
            $"{Source}/templates/deployment.yaml:35:1: spec.template.spec.containers[0].securityContext: container field 'securityContext' cannot be translated for container nodes: the agent runs containers with the runtime's defaults and cannot apply these settings",
            $"{Source}/templates/deployment.yaml:62:1: spec.template.spec.volumes[0].configMap: volume 'cfg' (configMap) cannot be translated for container nodes: the agent does not project API objects into files; install the files on the node and use a hostPath volume",
        ], translation.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void RenderAndTranslate_IngressEnabled_RendersItAndRefusesTheKind()
    {
        var (render, translation) = RenderAndTranslate("ingress:\n  enabled: true\n  className: nginx\n  tls: [{secretName: web-tls, hosts: [web.local]}]\n");

        Assert.Empty(render.Errors);
        var ingress = render.Manifests.Single(m => m.Path.EndsWith("ingress.yaml", StringComparison.Ordinal)).Text;
        Assert.StartsWith("apiVersion: networking.k8s.io/v1\nkind: Ingress\n", ingress);
        Assert.Contains("  ingressClassName: nginx\n  tls:\n    - hosts:\n        - \"web.local\"\n      secretName: web-tls\n", ingress);
        Assert.Contains("                name: web-edge-web\n                port:\n                  number: 80\n", ingress);
        Assert.Equal($"{Source}/templates/ingress.yaml:16:1: kind: kind 'Ingress' cannot be translated for container nodes (in {Source}/templates/ingress.yaml); supported: Deployment, StatefulSet, ReplicaSet, DaemonSet, Pod, Service, ConfigMap, Secret",
            Assert.Single(translation.Errors).ToString());
    }

    [Fact]
    public void Render_InvalidValuesOverride_ReportsTheValuesLine()
    {
        var error = Assert.Single(HelmCharts.Render(EdgeWeb(), "image:\n  tag: [1\n", "web", "default", "deploy/values.yaml").Errors);
        Assert.Equal("deploy/values.yaml", error.File);
        Assert.StartsWith("invalid YAML", error.Message);
    }
}
