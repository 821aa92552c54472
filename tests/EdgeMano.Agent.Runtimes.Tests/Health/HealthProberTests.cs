using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Health;
using EdgeMano.Agent.Runtimes.Processes;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Health;

/// <summary>Probes against real loopback servers and a real process workload.</summary>
public sealed class HealthProberTests : IAsyncLifetime
{
    private readonly HealthProber _prober = new();
    private readonly TempDir _state = new("edgemano-health-");
    private readonly ProcessRuntime _runtime;
    private ObservedWorkload _workload = null!;

    public HealthProberTests()
    {
        _runtime = new ProcessRuntime(new ProcessRuntimeOptions { StateDirectory = _state.Path, NodeId = "health-" + Guid.NewGuid().ToString("N")[..8] });
    }

    public async Task InitializeAsync()
    {
        var spec = new WorkloadSpec { Name = "probed", Kind = WorkloadKind.Process, Command = new(["/bin/sleep", "3600"]), Env = new([new("READY", "yes")]) };
        _workload = await _runtime.CreateAsync(spec, "h", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _runtime.RemoveAsync(_workload, TimeSpan.FromSeconds(1), CancellationToken.None);
        _runtime.Dispose();
        _prober.Dispose();
        _state.Dispose();
    }

    private static HealthProbeSpec Http(int port, string path = "/health", double timeoutSeconds = 2) =>
        new() { Kind = ProbeKind.Http, Port = port, Path = path, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

    private static ObservedWorkload Instance(IReadOnlyDictionary<int, int>? hostPorts = null) => new()
    {
        Name = "probed", RuntimeId = "1", Runtime = "process", SpecHash = "h", State = InstanceState.Running,
        HostPorts = hostPorts ?? new Dictionary<int, int>(),
    };

    private Task<ProbeResult> Probe(HealthProbeSpec probe, ObservedWorkload? instance = null, CancellationToken cancellationToken = default) =>
        _prober.ProbeAsync(probe, instance ?? _workload, _runtime, cancellationToken);

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(302, true)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    public async Task Http_StatusCode_DecidesHealth(int status, bool healthy)
    {
        await using var server = new TinyHttpServer(status);
        var result = await Probe(Http(server.Port));
        Assert.Equal(healthy, result.Healthy);
        Assert.Equal($"http {status} from 127.0.0.1:{server.Port}/health", result.Detail);
        Assert.Equal(["/health"], server.Paths); // a 3xx is not followed
    }

    [Fact]
    public async Task Http_MappedPort_ProbesPublishedHostPort()
    {
        await using var server = new TinyHttpServer(200);
        var result = await Probe(Http(80, "ready"), Instance(new Dictionary<int, int> { [80] = server.Port }));
        Assert.True(result.Healthy, result.Detail);
        Assert.Equal(["/ready"], server.Paths);
    }

    [Fact]
    public async Task Http_NobodyListening_UnhealthyConnectionRefused()
    {
        var port = FreePort.Get();
        var result = await Probe(Http(port));
        Assert.False(result.Healthy);
        Assert.Equal($"http: connection refused (127.0.0.1:{port}/health)", result.Detail);
    }

    [Fact]
    public async Task Http_SlowServer_TimesOutWithinProbeTimeout()
    {
        await using var server = new TinyHttpServer(200, TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        var result = await Probe(Http(server.Port, timeoutSeconds: 0.3));
        Assert.False(result.Healthy);
        Assert.Equal("http probe timed out after 0.3s", result.Detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Tcp_ListeningPort_Healthy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var result = await Probe(new HealthProbeSpec { Kind = ProbeKind.Tcp, Port = port });
            Assert.True(result.Healthy, result.Detail);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Tcp_ClosedPort_UnhealthyConnectionRefused()
    {
        var port = FreePort.Get();
        var result = await Probe(new HealthProbeSpec { Kind = ProbeKind.Tcp, Port = port });
        Assert.False(result.Healthy);
        Assert.Equal($"tcp: connection refused (127.0.0.1:{port})", result.Detail);
    }

    [Fact]
    public async Task Tcp_InvalidPort_UnhealthyNotThrown()
    {
        var result = await Probe(new HealthProbeSpec { Kind = ProbeKind.Tcp, Port = 0 });
        Assert.False(result.Healthy);
        Assert.Contains("not a valid port", result.Detail);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("test \"$READY\" = yes", true)]
    [InlineData("test \"$READY\" = no", false)]
    public async Task Exec_ExitCode_DecidesHealth(string script, bool healthy)
    {
        var result = await Probe(new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new(["sh", "-c", script]) });
        Assert.Equal(healthy, result.Healthy);
        Assert.StartsWith("exec sh exited ", result.Detail);
    }

    [Fact]
    public async Task Exec_PastTimeout_UnhealthyWithinTimeout()
    {
        var watch = Stopwatch.StartNew();
        var result = await Probe(new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new(["sleep", "10"]), Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.False(result.Healthy);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Exec_UnknownWorkload_UnhealthyNotThrown()
    {
        var result = await Probe(new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new(["true"]) }, Instance() with { Name = "nobody" });
        Assert.False(result.Healthy);
        Assert.Contains("nobody", result.Detail);
    }

    [Fact]
    public async Task Probe_CallerCancels_Throws()
    {
        await using var server = new TinyHttpServer(200, TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Probe(Http(server.Port, timeoutSeconds: 5), cancellationToken: cts.Token));
    }
}
