using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests.Kubernetes;

public class KubernetesManifestsTests
{
    private static ManifestTranslation Translate(params string[] fixtures) =>
        KubernetesManifests.ToWorkloads(fixtures.Select(Fixture.Manifest).ToList(), "vnf");

    private static ManifestTranslation TranslateText(string yaml, ManifestOptions? options = null) =>
        KubernetesManifests.ToWorkloads([new SourceFile("Files/kubernetes/cnf.yaml", yaml)], "vnf", options ?? ManifestOptions.Default);

    [Fact]
    public void ToWorkloads_TackerDeploymentAndService_OneWorkloadPerContainerWithNodePort()
    {
        var result = Translate("tacker-nginx/Files/kubernetes/deployment.yaml", "tacker-nginx/Files/kubernetes/service.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(["vnf-curry-probe-test001-nginx-liveness-probe", "vnf-curry-probe-test001-kuryr-demo-readiness-probe"],
            result.Workloads.Select(w => w.Name));
        var nginx = result.Workloads[0];
        Assert.Equal("nginx:1.25", nginx.Image);
        Assert.Equal([new PortMapping { ContainerPort = 80, HostPort = 30422, Protocol = "tcp" }], nginx.Ports);
        Assert.Equal(new ResourceLimits { Cpus = 0.5, MemoryBytes = 512L << 20 }, nginx.Resources);
        Assert.Equal(new HealthProbeSpec
        {
            Kind = ProbeKind.Http, Path = "/healthz", Port = 80, Period = TimeSpan.FromSeconds(15),
            Timeout = TimeSpan.FromSeconds(2), FailureThreshold = 5, InitialDelay = TimeSpan.FromSeconds(3),
        }, nginx.Health);
        Assert.Equal("webserver", nginx.Labels["app"]);
        var demo = result.Workloads[1];
        Assert.Equal([new PortMapping { ContainerPort = 8080, Protocol = "tcp", HostIp = "127.0.0.1" }], demo.Ports);
        Assert.Null(demo.Health);
    }

    [Fact]
    public void ToWorkloads_TackerSet_NotesClusterIpServiceAsDnsNamesAndSeparateContainers()
    {
        var notes = Translate("tacker-nginx/Files/kubernetes/deployment.yaml", "tacker-nginx/Files/kubernetes/service.yaml").Notes
            .Select(n => n.ToString()).ToList();

        Assert.Contains(notes, n => n.StartsWith("tacker-nginx/Files/kubernetes/service.yaml:23:3: spec: Service 'kuryr-demo' (ClusterIP) is noted as DNS names only (kuryr-demo, kuryr-demo.default, kuryr-demo.default.svc.cluster.local ->", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("its 2 containers become separate workloads", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.EndsWith("container 'kuryr-demo-readiness-probe': ignored on container nodes: imagePullPolicy, readinessProbe", StringComparison.Ordinal));
    }

    [Fact]
    public void ToWorkloads_StatefulSetWithConfigMapAndSecretEnv_ResolvesExpandsAndMounts()
    {
        var result = Translate("statefulset-env/statefulset.yaml");

        Assert.Empty(result.Errors);
        var upf = Assert.Single(result.Workloads);
        Assert.Equal("vnf-upf", upf.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["API_TOKEN"] = "s3cr3t-t0k3n", ["DB_USER"] = "upf", ["N3_PORT"] = "2152", ["POD_NAME"] = "vnf-upf",
            ["UPF_ENDPOINT"] = "http://0.0.0.0:2152/upf", ["UPF_MODE"] = "edge",
        }, upf.Env.ToDictionary());
        Assert.Equal(["/usr/bin/upf"], upf.Command);
        Assert.Equal(["--mode", "edge", "--n3-port=2152", "--literal=$(NOT_EXPANDED)"], upf.Args);
        Assert.Equal("/var/lib/upf", upf.WorkingDir);
        Assert.Equal("host", upf.Network);
        Assert.Equal([new MountSpec { Source = "/var/lib/edgemano/upf", Target = "/var/lib/upf" },
            new MountSpec { Source = "/dev/hugepages", Target = "/dev/hugepages", ReadOnly = true }], upf.Mounts);
        Assert.Equal(["udp", "udp"], upf.Ports.Select(p => p.Protocol));
        Assert.Equal(ProbeKind.Exec, upf.Health!.Kind);
        Assert.Equal(["/usr/bin/upf-ctl", "health"], upf.Health.Command);
        // The startup probe's window (30 × 2s) delays liveness.
        Assert.Equal(TimeSpan.FromSeconds(60), upf.Health.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), upf.Health.Period);
    }

    [Fact]
    public void ToWorkloads_ConfigMapKeyThatIsNoVariableName_IsSkippedWithANote() =>
        Assert.Contains(Translate("statefulset-env/statefulset.yaml").Notes, n =>
            n.ToString() == "statefulset-env/statefulset.yaml:45:15: spec.template.spec.containers[0].envFrom[0]: ConfigMap key 'log.level' is not a valid variable name and is skipped, as the kubelet does");

    [Fact]
    public void ToWorkloads_Pod_TranslatesRestartPolicyNamedProbePortHostPortAndLimits()
    {
        var result = Translate("pod/pod.yaml");

        Assert.Empty(result.Errors);
        var agent = Assert.Single(result.Workloads);
        Assert.Equal("vnf-probe-agent", agent.Name);
        Assert.Equal(RestartMode.OnFailure, agent.Restart.Mode);
        Assert.Equal([new PortMapping { ContainerPort = 9100, HostPort = 19100, Protocol = "tcp" }], agent.Ports);
        Assert.Equal(new HealthProbeSpec { Kind = ProbeKind.Tcp, Port = 9100, Timeout = TimeSpan.FromSeconds(1) }, agent.Health);
        Assert.Equal(new ResourceLimits { Cpus = 1, MemoryBytes = 1_000_000_000 }, agent.Resources);
        Assert.Equal(["/bin/sh", "-c"], agent.Command);
    }

    [Theory]
    [InlineData("local/b:1", 0)]
    [InlineData("Local/B:1", 14)]
    public void ToWorkloads_MultiDocumentFileWithEmptyDocuments_ReadsEveryObjectAtItsOwnLines(string secondImage, int errorLine)
    {
        var result = TranslateText($$"""
            # leading comment
            ---
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a}
            spec:
              containers: [{name: a, image: "local/a:1"}]
            --- # a comment on the marker
            apiVersion: v1
            kind: Pod
            metadata: {name: b}
            spec:
              containers: [{name: b, image: "{{secondImage}}"}]
            ...
            """);

        if (errorLine == 0)
        {
            Assert.Empty(result.Errors);
            Assert.Equal(["vnf-a", "vnf-b"], result.Workloads.Select(w => w.Name));
            return;
        }
        var error = Assert.Single(result.Errors);
        Assert.Equal((errorLine, "spec.containers[0].image"), (error.Line, error.Path));
    }

    [Fact]
    public void ToWorkloads_EmptyDirWithRootDirectory_MountsAPerWorkloadDirectory()
    {
        var yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: cache}
            spec:
              template:
                spec:
                  containers:
                    - {name: a, image: "local/a:1", volumeMounts: [{name: tmp, mountPath: /tmp/work}]}
                    - {name: b, image: "local/b:1", volumeMounts: [{name: tmp, mountPath: /data, readOnly: true}]}
                  volumes:
                    - {name: tmp, emptyDir: {}}
            """;
        var result = TranslateText(yaml, new ManifestOptions { EmptyDirRoot = "/var/lib/edgemano/volumes/" });

        Assert.Empty(result.Errors);
        Assert.Equal(["vnf-cache-a", "vnf-cache-b"], result.Workloads.Select(w => w.Name));
        Assert.Equal(new MountSpec { Source = "/var/lib/edgemano/volumes/vnf-cache/tmp", Target = "/tmp/work" }, result.Workloads[0].Mounts.Single());
        Assert.Equal(new MountSpec { Source = "/var/lib/edgemano/volumes/vnf-cache/tmp", Target = "/data", ReadOnly = true }, result.Workloads[1].Mounts.Single());
    }

    [Fact]
    public void ToWorkloads_ReplicasZero_ProducesNoWorkloadAndANote()
    {
        var result = TranslateText("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: idle}\nspec:\n  replicas: 0\n  template: {spec: {containers: [{name: a, image: 'local/a:1'}]}}\n");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Workloads);
        Assert.Equal("Files/kubernetes/cnf.yaml:5:13: spec.replicas: Deployment 'idle' has replicas: 0; it is scaled to zero and produces no workload", Assert.Single(result.Notes).ToString());
    }

    [Fact]
    public void ToWorkloads_InvalidYaml_ReportsTheSyntaxErrorLineAndKeepsReadingOtherDocuments()
    {
        var result = TranslateText("apiVersion: v1\nkind: Pod\nmetadata: {name: a\nspec: {}\n---\napiVersion: v1\nkind: Job\nmetadata: {name: j}\n");

        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("invalid YAML", result.Errors[0].Message);
        Assert.Equal("Files/kubernetes/cnf.yaml:7:7: kind: kind 'Job' cannot be translated for container nodes (in Files/kubernetes/cnf.yaml); supported: Deployment, StatefulSet, ReplicaSet, DaemonSet, Pod, Service, ConfigMap, Secret",
            result.Errors[1].ToString());
    }

    [Fact]
    public void ToWorkloads_HelmInstallHook_IsRefused()
    {
        var result = TranslateText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-install\nspec: {containers: [{name: a, image: 'local/a:1'}]}\n");

        Assert.Empty(result.Workloads);
        Assert.Equal("Files/kubernetes/cnf.yaml:6:19: metadata.annotations.helm.sh/hook: Helm hook 'pre-install' on Pod 'migrate' cannot be translated for container nodes: the agent has no install or upgrade phases to run hooks in",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void ToWorkloads_LoadBalancerServiceOnAHostPortContainer_PublishesBothPorts()
    {
        var result = TranslateText("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {app: web}}
            spec:
              containers: [{name: web, image: "local/web:1", ports: [{name: http, containerPort: 8080, hostPort: 18080}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web-lb}
            spec:
              type: LoadBalancer
              selector: {app: web}
              ports: [{port: 80, targetPort: http}]
            """);

        Assert.Empty(result.Errors);
        Assert.Equal([new PortMapping { ContainerPort = 8080, HostPort = 18080, Protocol = "tcp" }, new PortMapping { ContainerPort = 8080, HostPort = 80, Protocol = "tcp" }],
            Assert.Single(result.Workloads).Ports);
    }

    [Fact]
    public void ToWorkloads_NameTooLongForADnsLabel_ReportsAtMetadataName()
    {
        var name = new string('a', 62);
        var result = TranslateText($"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec: {{containers: [{{name: a, image: 'local/a:1'}}]}}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "metadata.name"), (error.Line, error.Path));
        Assert.StartsWith($"workload name 'vnf-{name}': 'vnf-{name}' is not a DNS label", error.Message);
    }

    [Fact]
    public void ToWorkloads_NamespaceAndRbacObjects_AreIgnoredWithNotes()
    {
        var result = TranslateText("apiVersion: v1\nkind: Namespace\nmetadata: {name: curry}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader}\nrules: []\n");

        Assert.Empty(result.Errors);
        Assert.Equal([
            "Files/kubernetes/cnf.yaml:2:7: kind: Namespace 'curry' is ignored: a namespace only scopes names; objects keep theirs when ConfigMaps, Secrets and Services are resolved",
            "Files/kubernetes/cnf.yaml:6:7: kind: Role 'reader' is ignored: nothing on a container node authenticates to a Kubernetes API server",
        ], result.Notes.Select(n => n.ToString()));
    }
}
