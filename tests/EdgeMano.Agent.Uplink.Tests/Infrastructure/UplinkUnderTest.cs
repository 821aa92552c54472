using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store;
using EdgeMano.Testing;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Tests.Infrastructure;

/// <summary>
/// The uplink as the daemon runs it, in this process: a real LiteDB store in a temp dir, a fake
/// reconciler, fast reconnect backoff, and a log the test can read.
/// </summary>
public sealed class UplinkUnderTest : IAsyncDisposable
{
    private readonly TempDir _dir = new("edgemano-uplink-");
    private CancellationTokenSource? _stop;
    private Task? _running;

    public UplinkUnderTest(string? nodeId = null)
    {
        NodeId = nodeId ?? "n-" + Guid.NewGuid().ToString("N")[..8];
        Store = RecordingStore.Open(_dir.Combine("state"));
        Node = new FakeNode(NodeId);
    }

    public string NodeId { get; }
    public RecordingStore Store { get; }
    public FakeNode Node { get; }
    public ListLoggerFactory Logs { get; } = new();
    public IUplink? Uplink { get; private set; }

    public UplinkOptions Options(string? broker = null, string? plane = null) => new()
    {
        NodeId = NodeId,
        Broker = broker is null ? null : new Uri(broker),
        Plane = plane is null ? null : new Uri(plane),
        Labels = new Dictionary<string, string> { ["site"] = "lab", ["tier"] = "fog" },
        RuntimeName = "process",
        AgentVersion = "9.9.9-test",
        ReconnectMin = TimeSpan.FromMilliseconds(100),
        ReconnectMax = TimeSpan.FromMilliseconds(800),
        StatusDebounce = TimeSpan.FromMilliseconds(50),
        OperationTimeout = TimeSpan.FromSeconds(5),
        KeepAlive = TimeSpan.FromSeconds(5),
        RefusedRetry = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>Starts the link (it runs in the background, as in the daemon).</summary>
    public void Start(UplinkOptions options)
    {
        if (_running is not null) throw new InvalidOperationException("already started");
        Uplink = Uplinks.Create(options, Store, Node, TimeProvider.System, Logs) ?? throw new InvalidOperationException("no uplink configured");
        _stop = new CancellationTokenSource();
        _running = Uplink.RunAsync(_stop.Token);
    }

    public void StartMqtt(string brokerUrl) => Start(Options(broker: brokerUrl));

    /// <summary>A clean stop, as SIGTERM to the daemon.</summary>
    public async Task StopAsync()
    {
        if (_running is null) return;
        _stop!.Cancel();
        await _running.WaitAsync(TimeSpan.FromSeconds(15));
        await Uplink!.DisposeAsync();
        _running = null;
        Uplink = null;
    }

    public long StoredRevision => Store.LoadDesired()?.Revision ?? 0;

    /// <summary>A desired state for this node: one process workload per name.</summary>
    public Wire.DesiredState Desired(long revision, params string[] names) => DesiredFor(NodeId, revision, names);

    public static Wire.DesiredState DesiredFor(string nodeId, long revision, params string[] names)
    {
        var state = new Wire.DesiredState { NodeId = nodeId, Revision = revision, Source = "plane-test" };
        foreach (var name in names.Length == 0 ? ["sleeper"] : names)
        {
            var workload = new Wire.Workload { Name = name, Kind = Wire.WorkloadKind.Process };
            workload.Command.AddRange(["/bin/sleep", "3600"]);
            state.Workloads.Add(workload);
        }
        return state;
    }

    public static AgentEvent Event(string workload, string reason) =>
        new() { At = DateTimeOffset.UtcNow, Workload = workload, Reason = reason, Message = $"{workload} {reason}" };

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (TimeoutException) { }
        Store.Dispose();
        _dir.Dispose();
    }
}
