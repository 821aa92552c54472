using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Docker;
using EdgeMano.Agent.Runtimes.Tests.Contract;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Docker;

/// <summary>The driver contract against a real dockerd, plus what is specific to Docker.</summary>
[Collection(DockerCollection.Name)]
public sealed partial class DockerRuntimeTests(DockerDaemonFixture daemon) : RuntimeDriverContract
{
    private const string Image = TestImages.Busybox;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync(daemon.SocketPath);
    }

    /// <summary>The base removes every node's instances; foreign containers and networks made by tests go too.</summary>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await RemoveForeignContainersAsync();
        await RemoveTestNetworksAsync();
    }

    protected override IWorkloadRuntime CreateDriver(string nodeId) => NewDriver(nodeId);

    protected override WorkloadSpec LongRunning(string name, IReadOnlyDictionary<string, string>? env = null) => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = Image,
        Args = new(["sleep", "3600"]),
        Env = env is null ? ValueMap.Empty : new ValueMap(env),
    };

    protected override WorkloadSpec ExitsWith(string name, int exitCode) => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = Image,
        Args = new(["sh", "-c", $"sleep 1; exit {exitCode}"]),
    };

    private DockerRuntime NewDriver(string nodeId, string? socketPath = null) =>
        new(new DockerRuntimeOptions { NodeId = nodeId, SocketPath = socketPath ?? daemon.SocketPath, StopGrace = TimeSpan.FromSeconds(2) });

    private DockerRuntime MyDriver() => (DockerRuntime)Driver();

    [Fact]
    public async Task Create_PortWithFreeHostPort_HttpdAnswersOnLoopback()
    {
        var driver = MyDriver();
        var hostPort = FreePort.Get();
        var spec = LongRunning("web") with
        {
            Args = new(["sh", "-c", "echo edgemano > /www/index.html && exec httpd -f -p 8080 -h /www"]),
            Ports = new([new PortMapping { ContainerPort = 8080, HostPort = hostPort }]),
        };

        var created = await driver.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(hostPort, created.HostPorts[8080]);
        Assert.Equal("edgemano", (await GetWithRetryAsync($"http://127.0.0.1:{hostPort}/")).Trim());
    }

    [Fact]
    public async Task Create_HostPortZero_PublishesOnTheContainerPort()
    {
        var driver = MyDriver();
        var port = FreePort.Get();
        var spec = LongRunning("same-port") with
        {
            Args = new(["sh", "-c", $"echo same > /www/index.html && exec httpd -f -p {port} -h /www"]),
            Ports = new([new PortMapping { ContainerPort = port, HostIp = "127.0.0.1" }]),
        };

        var created = await driver.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(port, created.HostPorts[port]);
        Assert.Equal("same", (await GetWithRetryAsync($"http://127.0.0.1:{port}/")).Trim());
    }

    [Fact]
    public async Task List_HostNetwork_MapsEachPortToItself()
    {
        var driver = MyDriver();
        var port = FreePort.Get();
        var spec = LongRunning("on-host") with
        {
            Network = "host",
            Args = new(["sh", "-c", $"echo host > /www/index.html && exec httpd -f -p 127.0.0.1:{port} -h /www"]),
            Ports = new([new PortMapping { ContainerPort = port, HostPort = port + 1 }]),
        };

        await driver.CreateAsync(spec, "h", CancellationToken.None);
        var listed = await WaitFor(driver, "on-host", i => i.State == InstanceState.Running);

        Assert.Equal(new Dictionary<int, int> { [port] = port }, listed.HostPorts);
        Assert.Equal("host", (await GetWithRetryAsync($"http://127.0.0.1:{port}/")).Trim());
    }

    [Fact]
    public async Task Create_ImageAbsentAndUnpullable_ThrowsNamingTheImage()
    {
        // A registry on a closed loopback port: the pull fails at once and nothing leaves the machine.
        var image = $"127.0.0.1:{FreePort.Get()}/local/missing:1";
        var spec = LongRunning("ghost") with { Image = image };

        var error = await Assert.ThrowsAsync<RuntimeException>(() => MyDriver().CreateAsync(spec, "h", CancellationToken.None));

        Assert.StartsWith($"image {image} is not present on this node and could not be pulled: ", error.Message);
    }

    [Fact]
    public async Task List_SocketWithNoDaemon_SaysCannotReachThePath()
    {
        using var dir = new TempDir();
        var socket = dir.Combine("docker.sock");
        using var driver = NewDriver(NodeId, socket);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.ListAsync(CancellationToken.None));

        Assert.StartsWith($"docker: cannot reach unix://{socket}: ", error.Message);
    }

    [Fact]
    public async Task List_SocketFileWithNobodyListening_SaysConnectionRefused()
    {
        using var dir = new TempDir();
        var socket = dir.Combine("stale.sock");
        // Bound but never listening: the file exists and a connect is refused (as after dockerd died).
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, 0);
        bound.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        using var driver = NewDriver(NodeId, socket);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.ListAsync(CancellationToken.None));

        Assert.Equal($"docker: cannot reach unix://{socket}: connection refused (is dockerd running?)", error.Message);
    }

    [Fact]
    public async Task Create_MountSourceMissing_ErrorNamesOperationAndEngineReason()
    {
        var spec = LongRunning("mounty") with
        {
            Mounts = new([new MountSpec { Source = "/tmp/edgemano-no-such-dir-" + Guid.NewGuid().ToString("N"), Target = "/data" }]),
        };

        var error = await Assert.ThrowsAsync<RuntimeException>(() => MyDriver().CreateAsync(spec, "h", CancellationToken.None));

        Assert.Contains($"create container em_{NodeId}_mounty", error.Message);
        Assert.Contains("bind source path does not exist", error.Message);
    }

    [Fact]
    public async Task Create_OwnStaleContainerWithSameName_ReplacesIt()
    {
        var before = await MyDriver().CreateAsync(LongRunning("phoenix"), "old", CancellationToken.None);

        // A new agent process that lost track of the instance (crash mid-recreate) creates it again.
        var after = await MyDriver().CreateAsync(LongRunning("phoenix"), "new", CancellationToken.None);

        Assert.NotEqual(before.RuntimeId, after.RuntimeId);
        var listed = Assert.Single(await MyDriver().ListAsync(CancellationToken.None), i => i.Name == "phoenix");
        Assert.Equal(after.RuntimeId, listed.RuntimeId);
        Assert.Equal("new", listed.SpecHash);
    }

    [Fact]
    public async Task Create_CommandAndArgsAndWorkingDir_BecomeEntrypointCmdAndWorkdir()
    {
        var driver = MyDriver();
        var spec = ExitsWith("shaped", 0) with
        {
            Command = new(["sh", "-c"]),
            Args = new(["test \"$(pwd)\" = /tmp && exit 7"]),
            WorkingDir = "/tmp",
        };

        await driver.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(7, (await WaitFor(driver, "shaped", i => i.State == InstanceState.Exited)).ExitCode);
    }

    [Fact]
    public async Task Remove_RunningShell_StopsWithinGraceThanksToInit()
    {
        var driver = MyDriver();
        var created = await driver.CreateAsync(LongRunning("quick"), "h", CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await driver.RemoveAsync(created, TimeSpan.FromSeconds(20), CancellationToken.None);

        // Without an init, sleep as PID 1 ignores SIGTERM and the stop would wait the full 20 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"remove took {clock.Elapsed}");
        await driver.RemoveAsync(created, TimeSpan.FromSeconds(1), CancellationToken.None); // already gone: fine
    }

    [Fact]
    public async Task Exec_CommandOutlivesTimeout_ReturnsMinusOne()
    {
        var driver = MyDriver();
        var created = await driver.CreateAsync(LongRunning("slowpoke"), "h", CancellationToken.None);

        var code = await driver.ExecAsync(created, ["sleep", "30"], TimeSpan.FromMilliseconds(500), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(-1, code);
    }

    [Fact]
    public async Task Exec_CommandNotFound_ReturnsNonZeroLikeDockerExec()
    {
        var driver = MyDriver();
        var created = await driver.CreateAsync(LongRunning("no-such-tool"), "h", CancellationToken.None);

        var code = await driver.ExecAsync(created, ["no-such-tool"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(126, code);
    }
}
