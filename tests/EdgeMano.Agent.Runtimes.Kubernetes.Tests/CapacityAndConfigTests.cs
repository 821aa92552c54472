using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Config;
using EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

public sealed class CapacityAndConfigTests : DriverTestBase
{
    private const string Nodes = "/api/v1/nodes";

    [Fact]
    public async Task Capacity_SumsAllocatableOverReadyNodesOnly()
    {
        Api.Store.Put(Nodes, Fixtures.Named("node-ready.json", "k3s-edge-01"));
        var second = Fixtures.Named("node-ready.json", "k3s-edge-02");
        second["status"]!["allocatable"]!["cpu"] = "3500m";
        second["status"]!["allocatable"]!["memory"] = "2Gi";
        Api.Store.Put(Nodes, second);
        var down = Fixtures.Named("node-ready.json", "k3s-edge-03");
        foreach (var c in down["status"]!["conditions"]!.AsArray())
            if ((string?)c!["type"] == "Ready") c["status"] = "Unknown";
        Api.Store.Put(Nodes, down);

        var capacity = await Driver().GetCapacityAsync(CancellationToken.None);

        Assert.Equal(new ClusterCapacity(4000 + 3500, 3884164L * 1024 + 2L * 1024 * 1024 * 1024, ReadyNodes: 2, TotalNodes: 3), capacity);
        Assert.Single(Api.Requests, r => r.Method == "GET" && r.Path == Nodes);
        // What the agent reports to the plane as the node's capacity.
        Assert.Equal(new NodeCapacity(7500, 3884164L * 1024 + 2L * 1024 * 1024 * 1024), await Driver().ReadCapacityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadCapacity_NoReadyNode_Null()
    {
        var down = Fixtures.Named("node-ready.json", "k3s-edge-01");
        foreach (var c in down["status"]!["conditions"]!.AsArray())
            if ((string?)c!["type"] == "Ready") c["status"] = "False";
        Api.Store.Put(Nodes, down);

        Assert.Null(await Driver().ReadCapacityAsync(CancellationToken.None));
    }

    [Fact]
    public void Config_ExplicitPathWins_AndSaysSo()
    {
        var path = Api.WriteKubeconfig(Dir);
        var resolved = KubeconfigLocator.Resolve(new KubernetesRuntimeOptions { NodeId = Node, KubeconfigPath = path, KubeconfigCandidates = ["/nonexistent"] }, () => true);

        Assert.Equal($"kubeconfig {path} (configured)", resolved.Source);
        Assert.Equal(Api.Url, resolved.Configuration.Host);
    }

    [Fact]
    public void Config_FirstExistingCandidate_ThenInCluster_ThenError()
    {
        var path = Api.WriteKubeconfig(Dir);
        var candidates = new[] { Path.Combine(Dir, "k3s.yaml"), path };

        var found = KubeconfigLocator.Resolve(new KubernetesRuntimeOptions { KubeconfigCandidates = candidates }, () => true);
        Assert.Equal($"kubeconfig {path} (first found of {candidates[0]}, {path})", found.Source);

        var none = new KubernetesRuntimeOptions { KubeconfigCandidates = [candidates[0]] };
        var inCluster = Assert.Throws<RuntimeException>(() => KubeconfigLocator.Resolve(none, () => true));
        Assert.StartsWith("kubernetes: cannot load the in-cluster service account configuration", inCluster.Message);
        var nothing = Assert.Throws<RuntimeException>(() => KubeconfigLocator.Resolve(none, () => false));
        Assert.Equal($"kubernetes: no cluster configuration: none of {candidates[0]} exists and the agent is not running in a pod (KUBERNETES_SERVICE_HOST unset); set the kubeconfig path", nothing.Message);
    }

    [Fact]
    public void Config_DefaultSearchOrder_IsK3sThenUserThenMicroK8s()
    {
        var candidates = new KubernetesRuntimeOptions().KubeconfigCandidates;

        Assert.Equal("/etc/rancher/k3s/k3s.yaml", candidates[0]);
        Assert.EndsWith("/.kube/config", candidates[1]);
        Assert.Equal("/var/snap/microk8s/current/credentials/client.config", candidates[2]);
    }

    [Fact]
    public void Config_MissingExplicitOrBrokenKubeconfig_NamesTheFile()
    {
        var missing = Path.Combine(Dir, "missing.yaml");
        var broken = Path.Combine(Dir, "broken.yaml");
        File.WriteAllText(broken, "apiVersion: v1\nkind: Config\nclusters: [\n");

        var e1 = Assert.Throws<RuntimeException>(() => KubeconfigLocator.Resolve(new KubernetesRuntimeOptions { KubeconfigPath = missing }));
        var e2 = Assert.Throws<RuntimeException>(() => KubeconfigLocator.Resolve(new KubernetesRuntimeOptions { KubeconfigPath = broken }));

        Assert.Equal($"kubernetes: kubeconfig {missing} (set in the agent's configuration) does not exist", e1.Message);
        Assert.StartsWith($"kubernetes: cannot load kubeconfig {broken}:", e2.Message);
    }

    [Fact]
    public void Driver_SaysWhichConfigAndServerItUses()
    {
        var driver = Driver();

        Assert.Equal(Api.Url, driver.Server);
        Assert.EndsWith("(configured)", driver.ConfigSource);
    }
}
