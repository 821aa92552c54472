using System.Net.Sockets;
using System.Text;
using EdgeMano.Agent.Host.Tests.Resilience;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Host.Tests.Cli;

/// <summary>
/// Which runtime the agent drives and what it says about it at start: auto-detection (docker, else
/// containerd, else processes only), and the Kubernetes driver, which only the cluster build
/// (edgemano-agent-cluster) carries. Sockets are unix sockets this test binds; nothing connects to a daemon.
/// </summary>
public sealed class RuntimeSelectionTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-runtime-");
    private readonly List<Socket> _sockets = [];

    public void Dispose()
    {
        foreach (var s in _sockets) s.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Run_KubernetesOnTheDefaultBuild_ExitsTwoNamingTheClusterBuild()
    {
        var state = _dir.Combine("state");
        var result = await RawAgent.RunAsync(["run", "--state-dir", state, "--node-id", "n1", "--runtime", "kubernetes"], Isolated());

        AgentStatusJson.AssertNoStackTrace(result, "run --runtime kubernetes");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("runtime kubernetes: this edgemano-agent is the default agent build", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("the Kubernetes driver is only in the cluster build, edgemano-agent-cluster", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state), "the refused start created its state dir");
    }

    [Fact]
    public async Task Run_AutoWithContainerdSocketOnly_PicksContainerdAndSaysWhy()
    {
        var containerd = BindSocket("containerd.sock");
        var log = await RunBrieflyAsync(["--runtime", "auto", "--docker-socket", _dir.Combine("no-docker.sock"), "--containerd-socket", containerd]);

        Assert.Contains($"runtimes containerd,process", log, StringComparison.Ordinal);
        Assert.Contains($"runtime auto: no docker socket at {_dir.Combine("no-docker.sock")}; found containerd at unix://{containerd}, namespace edgemano", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AutoWithBothSockets_PicksDockerAndNamesContainerdToo()
    {
        var docker = BindSocket("docker.sock");
        var containerd = BindSocket("containerd.sock");
        var log = await RunBrieflyAsync(["--docker-socket", docker, "--containerd-socket", containerd]);

        Assert.Contains("runtimes docker,process", log, StringComparison.Ordinal);
        Assert.Contains($"runtime auto: found docker at unix://{docker} (containerd at unix://{containerd} is there too, unused", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AutoWithNoSocket_RunsProcessesOnlyAndNamesWhatWasLookedFor()
    {
        var log = await RunBrieflyAsync(["--docker-socket", _dir.Combine("a.sock"), "--containerd-socket", _dir.Combine("b.sock")]);

        Assert.Contains("runtimes process", log, StringComparison.Ordinal);
        Assert.Contains($"runtime auto: no container runtime found (no docker socket at {_dir.Combine("a.sock")}, no containerd socket at {_dir.Combine("b.sock")}); only process workloads can run", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ContainerdNamespaceInvalid_ExitsTwoNamingTheRule()
    {
        var result = await RawAgent.RunAsync(["run", "--state-dir", _dir.Combine("state"), "--node-id", "n1", "--runtime", "containerd", "--containerd-namespace", "bad..ns"], Isolated());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("flag --containerd-namespace: containerdNamespace: expected 1-76 letters and digits", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterBuild_KubeconfigMissing_ExitsOneSayingWhichFile()
    {
        var missing = _dir.Combine("nowhere.yaml");
        var result = await RawAgent.RunAsync(["run", "--state-dir", _dir.Combine("state"), "--node-id", "c1", "--runtime", "kubernetes", "--kubeconfig", missing],
            Isolated(), AgentBinary.ClusterPath);

        AgentStatusJson.AssertNoStackTrace(result, "cluster run with a missing kubeconfig");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"edgemano-agent-cluster: kubernetes: kubeconfig {missing} (set in the agent's configuration) does not exist", result.StdErr.Trim());
    }

    [Fact]
    public async Task ClusterBuild_AutoWithKubeconfig_PicksKubernetesAndNamesTheApiServer()
    {
        // A loopback port nobody listens on: the driver starts, its watches retry in the background.
        var server = $"https://127.0.0.1:{FreePort.Get()}";
        var kubeconfig = _dir.Combine("kubeconfig.yaml");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: edge
              cluster:
                server: "{server}"
                insecure-skip-tls-verify: true
            users:
            - name: agent
              user:
                token: test-token
            contexts:
            - name: edge
              context:
                cluster: edge
                user: agent
            current-context: edge
            """);
        var log = await RunBrieflyAsync(["--kubeconfig", kubeconfig, "--docker-socket", _dir.Combine("a.sock")], AgentBinary.ClusterPath, "c1");

        Assert.Contains("edgemano-agent-cluster", log, StringComparison.Ordinal);
        Assert.Contains("runtimes kubernetes,process", log, StringComparison.Ordinal);
        Assert.Contains($"runtime auto: found a Kubernetes cluster (kubeconfig {kubeconfig} (configured)): API server {server}", log, StringComparison.Ordinal);
        Assert.Contains("the whole cluster is node c1", log, StringComparison.Ordinal);
    }

    /// <summary>Starts `run`, waits for its runtime line (event 2004) or its exit, stops it; returns its output.
    /// Not the first reconcile: a bound socket that never answers holds that up until the request timeout.</summary>
    private async Task<string> RunBrieflyAsync(string[] flags, string? binary = null, string node = "n1")
    {
        var log = new StringBuilder();
        var args = new[] { "run", "--state-dir", _dir.Combine("state-" + Guid.NewGuid().ToString("N")[..6]), "--node-id", node }.Concat(flags);
        using var p = RawAgent.Start(args, Isolated(), log, binary);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!p.HasExited && DateTime.UtcNow < deadline && !Text(log).Contains("EdgeMano.Agent[2004]", StringComparison.Ordinal)) await Task.Delay(100);
        await RawAgent.StopAsync(p);
        var text = Text(log);
        AgentStatusJson.AssertNoStackTrace(text, "agent log");
        return text;
    }

    private static string Text(StringBuilder log) { lock (log) return log.ToString(); }

    /// <summary>An empty config file of our own: the machine's /etc/edgemano/agent.yaml must not leak in.</summary>
    private Dictionary<string, string> Isolated()
    {
        var config = _dir.Combine("agent.yaml");
        if (!File.Exists(config)) File.WriteAllText(config, "# runtime selection test\n");
        return new() { ["EDGEMANO_CONFIG"] = config };
    }

    private string BindSocket(string name)
    {
        var path = _dir.Combine(name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        _sockets.Add(socket);
        return path;
    }
}
