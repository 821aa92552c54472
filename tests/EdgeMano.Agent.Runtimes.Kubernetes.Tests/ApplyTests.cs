using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

public sealed class ApplyTests : DriverTestBase
{
    [Fact]
    public async Task Create_AppliesDeploymentConfigMapService_WithServerSideApply()
    {
        var driver = Driver();
        var spec = Spec("web", env: new Dictionary<string, string> { ["GREETING"] = "hello" }, ports: new PortMapping { ContainerPort = 80, HostPort = 30080 }) with
        {
            Resources = new ResourceLimits { Cpus = 0.5, MemoryBytes = 64 * 1024 * 1024 },
            Health = new HealthProbeSpec { Kind = ProbeKind.Http, Path = "/healthz", Port = 80, Period = TimeSpan.FromSeconds(5) },
        };
        var hash = SpecHash.Compute(spec);

        var created = await driver.CreateAsync(spec, hash, CancellationToken.None);

        var name = ObjectName("web");
        var patch = Assert.Single(Api.RequestsTo("PATCH", $"{Deployments}/{name}"));
        Assert.Equal($"{Deployments}/{name}", patch.Path);
        Assert.Equal("application/apply-patch+yaml; charset=utf-8", patch.ContentType);
        Assert.Equal("edgemano", patch.QueryValue("fieldManager"));
        Assert.Equal("true", patch.QueryValue("force"));
        var body = patch.Json;
        Assert.Equal("apps/v1", (string?)body["apiVersion"]);
        Assert.Equal("Deployment", (string?)body["kind"]);
        var labels = body["metadata"]!["labels"]!;
        Assert.Equal("edgemano", (string?)labels["app.kubernetes.io/managed-by"]);
        Assert.Equal(Node, (string?)labels["edgemano.node"]);
        Assert.Equal("web", (string?)labels["edgemano.workload"]);
        Assert.Equal(hash, (string?)labels["edgemano.spec-hash"]);
        Assert.Equal("80:30080", (string?)body["metadata"]!["annotations"]!["edgemano.io/host-ports"]);
        Assert.Equal(1, (int?)body["spec"]!["replicas"]);
        Assert.Equal("Recreate", (string?)body["spec"]!["strategy"]!["type"]);
        var pod = body["spec"]!["template"]!["spec"]!;
        Assert.Equal("Always", (string?)pod["restartPolicy"]);
        var container = pod["containers"]![0]!;
        Assert.Equal("local/busybox:1", (string?)container["image"]);
        Assert.Equal(name, (string?)container["envFrom"]![0]!["configMapRef"]!["name"]);
        Assert.Equal("500m", (string?)container["resources"]!["limits"]!["cpu"]);
        Assert.Equal("67108864", (string?)container["resources"]!["requests"]!["memory"]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal(5, (int?)container["readinessProbe"]!["periodSeconds"]);

        var configMap = Assert.Single(Api.RequestsTo("PATCH", $"{ConfigMaps}/{name}"));
        Assert.Equal("hello", (string?)configMap.Json["data"]!["GREETING"]);
        var service = Assert.Single(Api.RequestsTo("PATCH", $"{Services}/{name}"));
        Assert.Equal("NodePort", (string?)service.Json["spec"]!["type"]);
        Assert.Equal(30080, (int?)service.Json["spec"]!["ports"]![0]!["nodePort"]);

        Assert.Equal("web", created.Name);
        Assert.Equal(hash, created.SpecHash);
        var uid = (string)Api.Store.Get(Deployments, name)!["metadata"]!["uid"]!;
        Assert.Equal($"deployment/{name}/{uid}", created.RuntimeId);
        Assert.Equal(30080, created.HostPorts[80]);
    }

    [Fact]
    public async Task Create_WithoutHostPort_AppliesClusterIpService_AndWithoutPorts_NoService()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("api", ports: new PortMapping { ContainerPort = 8080 }), "h1", CancellationToken.None);
        await driver.CreateAsync(Spec("worker"), "h2", CancellationToken.None);

        Assert.Equal("ClusterIP", (string?)Api.Store.Get(Services, ObjectName("api"))!["spec"]!["type"]);
        Assert.Null(Api.Store.Get(Services, ObjectName("worker")));
        Assert.NotNull(Api.Store.Get(ConfigMaps, ObjectName("worker")));
    }

    [Fact]
    public async Task Create_StatefulLabel_AppliesStatefulSet()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(Spec("db", labels: new Dictionary<string, string> { ["edgemano.io/stateful"] = "true" }), "h1", CancellationToken.None);

        var set = Api.Store.Get(StatefulSets, ObjectName("db"));
        Assert.NotNull(set);
        Assert.Equal(ObjectName("db"), (string?)set["spec"]!["serviceName"]);
        Assert.Null(Api.Store.Get(Deployments, ObjectName("db")));
        Assert.StartsWith("statefulset/", created.RuntimeId);
        Assert.StartsWith("application/apply-patch+yaml", Assert.Single(Api.RequestsTo("PATCH", $"{StatefulSets}/")).ContentType);
    }

    [Fact]
    public async Task Create_MissingNamespace_CreatesIt_ExistingOneIsLeftAlone()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("a"), "h1", CancellationToken.None);
        var ns = Api.Store.Get("/api/v1/namespaces", Ns);
        Assert.Equal("edgemano", (string?)ns!["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);

        var second = Driver();
        await second.CreateAsync(Spec("b"), "h1", CancellationToken.None);
        Assert.Single(Api.RequestsTo("PATCH", "/api/v1/namespaces/edgemano"), r => r.Path == "/api/v1/namespaces/edgemano");
    }

    [Fact]
    public async Task Create_AgainWithChangedImage_PatchesOnlyTheDeployment()
    {
        var driver = Driver();
        var v1 = Spec("web", env: new Dictionary<string, string> { ["A"] = "1" }, ports: new PortMapping { ContainerPort = 80 });
        await driver.CreateAsync(v1, SpecHash.Compute(v1), CancellationToken.None);
        var before = Api.Requests.Count(r => r.Method == "PATCH");

        var v2 = v1 with { Image = "local/busybox:2" };
        await driver.CreateAsync(v2, SpecHash.Compute(v2), CancellationToken.None);

        var patches = Api.Requests.Where(r => r.Method == "PATCH").Skip(before).ToList();
        var only = Assert.Single(patches);
        Assert.Equal($"{Deployments}/{ObjectName("web")}", only.Path);
        Assert.Equal("local/busybox:2", (string?)Api.Store.Get(Deployments, ObjectName("web"))!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Create_ForeignObjectWithTheSameName_IsRefusedAndNotPatched()
    {
        Api.Store.Put(Deployments, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = ObjectName("web"), ["namespace"] = Ns, ["labels"] = new JsonObject { ["app"] = "someone-elses" } },
        });
        var driver = Driver();

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(Spec("web"), "h1", CancellationToken.None));

        Assert.Contains($"Deployment edgemano/{ObjectName("web")}", error.Message);
        Assert.Contains("not managed by node node-a", error.Message);
        Assert.Empty(Api.RequestsTo("PATCH", $"{Deployments}/"));
    }

    [Fact]
    public async Task Remove_DeletesDeploymentServiceConfigMap_InBackground_ThisInstanceOnly()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(Spec("web", ports: new PortMapping { ContainerPort = 80 }), "h1", CancellationToken.None);

        await driver.RemoveAsync(created, TimeSpan.FromSeconds(3), CancellationToken.None);

        var name = ObjectName("web");
        Assert.Null(Api.Store.Get(Deployments, name));
        Assert.Null(Api.Store.Get(Services, name));
        Assert.Null(Api.Store.Get(ConfigMaps, name));
        var delete = Assert.Single(Api.RequestsTo("DELETE", $"{Deployments}/{name}"));
        var options = delete.Json;
        Assert.Equal("Background", (string?)options["propagationPolicy"]);
        Assert.Equal(3, (int?)options["gracePeriodSeconds"]);
        Assert.Equal(created.RuntimeId.Split('/')[2], (string?)options["preconditions"]!["uid"]);
        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), w => w.Name == "web");
    }

    [Fact]
    public async Task Remove_InstanceAlreadyReplaced_LeavesTheNewerObjectAlone()
    {
        var driver = Driver();
        var old = await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        // Someone deleted and recreated it: same name, new uid.
        Api.Store.Delete(Deployments, ObjectName("web"));
        var newer = await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        Assert.NotEqual(old.RuntimeId, newer.RuntimeId);

        await driver.RemoveAsync(old, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.NotNull(Api.Store.Get(Deployments, ObjectName("web")));
        Assert.NotNull(Api.Store.Get(ConfigMaps, ObjectName("web")));
    }

    [Fact]
    public async Task Start_PatchesRestartAnnotation_WithoutTouchingAppliedFields()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        await Eventually(async () => (await driver.ListAsync(CancellationToken.None)).FirstOrDefault(w => w.RuntimeId == created.RuntimeId), "web listed");

        await driver.StartAsync(created, CancellationToken.None);

        var restart = Assert.Single(Api.RequestsTo("PATCH", $"{Deployments}/"), r => r.ContentType.StartsWith("application/merge-patch+json"));
        Assert.Equal("edgemano-restart", restart.QueryValue("fieldManager"));
        Assert.NotNull(Api.Store.Get(Deployments, ObjectName("web"))!["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal("local/busybox:1", (string?)Api.Store.Get(Deployments, ObjectName("web"))!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Exec_RunsInTheRunningPodOverTheExecWebSocket_ReturnsExitCode()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("execme"), "h1", CancellationToken.None);
        var pod = StartPod("execme");
        SetDeploymentStatus("execme", "deployment-status-available.json");
        var running = await WaitForState(driver, "execme", InstanceState.Running);

        Assert.Equal(0, await driver.ExecAsync(running, ["true"], TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(1, await driver.ExecAsync(running, ["false"], TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(7, await driver.ExecAsync(running, ["sh", "-c", "exit 7"], TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.All(Api.Execs, e => Assert.Equal((string)pod["metadata"]!["name"]!, e.Pod));
        Assert.Equal(["sh", "-c", "exit 7"], Api.Execs[^1].Command);
    }
}
