using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>Behaviour only the containerd driver has: host network, log files, image and socket errors.</summary>
public sealed partial class ContainerdRuntimeTests
{
    [Fact]
    public async Task Create_OutputAndErrors_AreAppendedToTheLogFile()
    {
        var driver = Driver();
        var spec = ExitsWith("talker", 0) with { Args = new(["sh", "-c", "echo to-stdout; echo to-stderr >&2"]) };

        var created = await driver.CreateAsync(spec, "h", CancellationToken.None);
        var exited = await WaitFor(driver, "talker", i => i.State == InstanceState.Exited);
        await driver.StartAsync(exited, CancellationToken.None);
        await WaitFor(driver, "talker", i => i.State == InstanceState.Exited && i.FinishedAt > exited.FinishedAt);

        var log = await File.ReadAllTextAsync(Path.Combine(daemon.LogDirectory, created.RuntimeId + ".log"));
        Assert.Equal(2, log.Split("to-stdout").Length - 1); // the restart appended, it did not truncate
        Assert.Contains("to-stderr", log);
    }

    [Fact]
    public async Task Remove_DeletesTheLogFileWithTheContainer()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("short-lived"), "h", CancellationToken.None);
        var log = Path.Combine(daemon.LogDirectory, created.RuntimeId + ".log");
        Assert.True(File.Exists(log));

        await driver.RemoveAsync(created, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.False(File.Exists(log));
        Assert.DoesNotContain(created.RuntimeId, await CtrAsync("containers", "ls", "-q"));
        Assert.DoesNotContain(created.RuntimeId, await CtrAsync("snapshots", "ls"));
    }

    [Fact]
    public async Task Create_ImageNotInNamespace_SaysSoAndHowToImport()
    {
        var spec = LongRunning("ghost") with { Image = "local/missing:1" };

        var error = await Assert.ThrowsAsync<RuntimeException>(() => Driver().CreateAsync(spec, "h", CancellationToken.None));

        Assert.StartsWith("containerd: image local/missing:1 is not in namespace edgemano; import it with `ctr -n edgemano images import", error.Message);
        Assert.DoesNotContain(await Driver().ListAsync(CancellationToken.None), i => i.Name == "ghost");
    }

    [Fact]
    public async Task List_SocketWithNoDaemon_SaysCannotReachThePath()
    {
        using var dir = new TempDir();
        var socket = dir.Combine("containerd.sock");
        var driver = NewDriver(NodeId, socket);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.ListAsync(CancellationToken.None));
        ((IDisposable)driver).Dispose();

        Assert.Equal($"containerd: cannot reach unix://{socket}: no such socket (is containerd running?)", error.Message);
    }

    [Fact]
    public async Task List_SocketFileWithNobodyListening_SaysConnectionRefused()
    {
        using var dir = new TempDir();
        var socket = dir.Combine("stale.sock");
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, 0);
        bound.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        var driver = NewDriver(NodeId, socket);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.ListAsync(CancellationToken.None));

        Assert.Equal($"containerd: cannot reach unix://{socket}: connection refused (is containerd running?)", error.Message);
        ((IDisposable)driver).Dispose();
    }

    [Fact]
    public async Task Create_PortRemapOrOtherNetwork_RefusedBecauseHostNetworkingCannot()
    {
        var remap = LongRunning("remapped") with { Ports = new([new PortMapping { ContainerPort = 80, HostPort = 8080 }]) };
        var bridged = LongRunning("bridged") with { Network = "bridge" };

        var remapError = await Assert.ThrowsAsync<RuntimeException>(() => Driver().CreateAsync(remap, "h", CancellationToken.None));
        var networkError = await Assert.ThrowsAsync<RuntimeException>(() => Driver().CreateAsync(bridged, "h", CancellationToken.None));

        Assert.Contains("host networking cannot remap ports", remapError.Message);
        Assert.Contains("80", remapError.Message);
        Assert.Contains("host networking cannot", networkError.Message);
        Assert.Contains("'bridge'", networkError.Message);
        Assert.Empty(await Driver().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Create_NetworksOrHostEntries_RefusedNamingWhat()
    {
        var joined = LongRunning("joined") with { Networks = new([new NetworkAttachment { Name = "ns1-link", Aliases = new(["a.ns1"]) }]) };
        var hosts = LongRunning("hosted") with { Hosts = new ValueMap([new("pnf.ns1", "10.0.0.5")]) };

        var joinError = await Assert.ThrowsAsync<RuntimeException>(() => Driver().CreateAsync(joined, "h", CancellationToken.None));
        var hostsError = await Assert.ThrowsAsync<RuntimeException>(() => Driver().CreateAsync(hosts, "h", CancellationToken.None));

        Assert.Contains("'ns1-link'", joinError.Message);
        Assert.Contains("pnf.ns1", hostsError.Message);
        Assert.Empty(await Driver().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Create_SamePortOnHostNetwork_HttpdAnswersOnLoopback()
    {
        var driver = Driver();
        var port = FreePort.Get();
        var spec = LongRunning("web") with
        {
            Network = "host",
            Args = new(["sh", "-c", $"echo edgemano > /www/index.html && exec httpd -f -p 127.0.0.1:{port} -h /www"]),
            Ports = new([new PortMapping { ContainerPort = port }]),
        };

        var created = await driver.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(port, created.HostPorts[port]);
        Assert.Equal(new Dictionary<int, int> { [port] = port }, (await WaitFor(driver, "web", i => i.State == InstanceState.Running)).HostPorts);
        Assert.Equal("edgemano", (await GetWithRetryAsync($"http://127.0.0.1:{port}/")).Trim());
    }

    [Fact]
    public async Task Create_SetsLabelsLimitsAndInitInTheContainerSpec()
    {
        var spec = LongRunning("limited") with
        {
            Resources = new() { Cpus = 0.5, MemoryBytes = 64 * 1024 * 1024 },
            Labels = new(new Dictionary<string, string> { ["team"] = "ran", ["edgemano.node"] = "spoofed" }),
        };

        var created = await Driver().CreateAsync(spec, "abc123", CancellationToken.None);

        var info = JsonNode.Parse(await CtrAsync("containers", "info", created.RuntimeId))!;
        var labels = info["Labels"]!;
        Assert.Equal("true", (string?)labels["edgemano.managed"]);
        Assert.Equal(NodeId, (string?)labels["edgemano.node"]);
        Assert.Equal("limited", (string?)labels["edgemano.workload"]);
        Assert.Equal("abc123", (string?)labels["edgemano.spec-hash"]);
        Assert.Equal("ran", (string?)labels["team"]);
        Assert.Equal("io.containerd.runc.v2", (string?)info["Runtime"]!["Name"]);
        var oci = info["Spec"]!;
        Assert.Equal(64 * 1024 * 1024, (long?)oci["linux"]!["resources"]!["memory"]!["limit"]);
        Assert.Equal(50_000, (long?)oci["linux"]!["resources"]!["cpu"]!["quota"]);
        Assert.Equal(100_000, (long?)oci["linux"]!["resources"]!["cpu"]!["period"]);
        Assert.DoesNotContain(oci["linux"]!["namespaces"]!.AsArray(), n => (string?)n!["type"] == "network");
        if (ContainerdDaemon.InitPath is not null) Assert.Equal("/.edgemano-init", (string?)oci["process"]!["args"]![0]);
    }

    [Fact]
    public async Task Create_CommandArgsAndWorkingDir_ReplaceTheImageDefaults()
    {
        var driver = Driver();
        var spec = ExitsWith("shaped", 0) with
        {
            Command = new(["sh", "-c"]),
            Args = new(["test \"$(pwd)\" = /tmp && test \"$PATH\" = /bin && exit 7"]),
            WorkingDir = "/tmp",
        };

        await driver.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(7, (await WaitFor(driver, "shaped", i => i.State == InstanceState.Exited)).ExitCode);
    }

    [Fact]
    public async Task Create_BindMount_IsVisibleInside_AndMissingSourceIsRefused()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Combine("marker"), "x");
        var driver = Driver();
        var mounted = LongRunning("mounty") with { Mounts = new([new MountSpec { Source = dir.Path, Target = "/data", ReadOnly = true }]) };
        var missing = LongRunning("mountless") with { Mounts = new([new MountSpec { Source = dir.Combine("no-such-dir"), Target = "/data" }]) };

        var created = await driver.CreateAsync(mounted, "h", CancellationToken.None);
        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(missing, "h", CancellationToken.None));

        Assert.Equal(0, await driver.ExecAsync(created, ["test", "-f", "/data/marker"], TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.NotEqual(0, await driver.ExecAsync(created, ["touch", "/data/written"], TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Contains("bind source path does not exist: " + dir.Combine("no-such-dir"), error.Message);
    }

    [Fact]
    public async Task Create_OwnStaleContainerOfSameWorkload_ReplacesIt()
    {
        var before = await Driver().CreateAsync(LongRunning("phoenix"), "old", CancellationToken.None);

        // A new agent process that lost track of the instance (crash mid-recreate) creates it again.
        var after = await Driver().CreateAsync(LongRunning("phoenix"), "new", CancellationToken.None);

        Assert.NotEqual(before.RuntimeId, after.RuntimeId);
        var listed = Assert.Single(await Driver().ListAsync(CancellationToken.None), i => i.Name == "phoenix");
        Assert.Equal(after.RuntimeId, listed.RuntimeId);
        Assert.Equal("new", listed.SpecHash);
    }

    [Fact]
    public async Task Remove_RunningShell_StopsWithinGraceThanksToInit()
    {
        Assert.True(ContainerdDaemon.InitPath is not null, "no tini on this host: apt-get install -y tini");
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("quick"), "h", CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await driver.RemoveAsync(created, TimeSpan.FromSeconds(20), CancellationToken.None);

        // Without an init, sleep as PID 1 ignores SIGTERM and the stop would wait the full 20 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"remove took {clock.Elapsed}");
        await driver.RemoveAsync(created, TimeSpan.FromSeconds(1), CancellationToken.None); // already gone: fine
    }

    [Fact]
    public async Task Exec_CommandOutlivesTimeout_ReturnsMinusOne_AndIsCleanedUp()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("slowpoke"), "h", CancellationToken.None);

        var code = await driver.ExecAsync(created, ["sleep", "30"], TimeSpan.FromMilliseconds(500), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(-1, code);
        Assert.Equal(0, await driver.ExecAsync(created, ["true"], TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Exec_CommandNotFound_Returns126LikeDockerExec()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("no-such-tool"), "h", CancellationToken.None);

        Assert.Equal(126, await driver.ExecAsync(created, ["no-such-tool"], TimeSpan.FromSeconds(10), CancellationToken.None));
    }
}
