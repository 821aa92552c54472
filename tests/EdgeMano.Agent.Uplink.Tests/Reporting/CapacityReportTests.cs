using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Uplink.Reporting;
using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using EdgeMano.Testing;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Tests.Reporting;

/// <summary>A cluster node reports its driver's capacity (the cluster's allocatable), not the box the agent runs on.</summary>
public sealed class CapacityReportTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-capacity-");
    private readonly RecordingStore _store;
    private readonly ListLoggerFactory _logs = new();

    public CapacityReportTests() => _store = RecordingStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Status_WithCapacitySource_CarriesItsFigureAndTheNextChange()
    {
        var source = new SettableCapacity { Current = new NodeCapacity(12_000, 48L << 30) };
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var pump = Pump(source);
        var running = pump.RunAsync(sink, stop.Token);

        await sink.WaitFor(s => s.Node.Capacity.CpuMillis == 12_000);
        Assert.Equal(48L << 30, sink.Last!.Node.Capacity.MemoryBytes);
        source.Current = new NodeCapacity(16_000, 64L << 30); // a node joined the cluster
        await sink.WaitFor(s => s.Node.Capacity.CpuMillis == 16_000);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(2, _logs.Count("CapacityChanged"));
    }

    [Fact]
    public async Task Status_CapacitySourceFails_KeepsTheLastFigureAndSaysWhy()
    {
        var source = new SettableCapacity { Current = new NodeCapacity(4_000, 8L << 30) };
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var running = Pump(source).RunAsync(sink, stop.Token);
        await sink.WaitFor(s => s.Node.Capacity.CpuMillis == 4_000);

        source.Failure = new HttpRequestException("Connection refused (127.0.0.1:6443)");
        await Poll.Until(() => _logs.Count("CapacityUnreadable") > 0, "the failure is logged");
        source.Current = null;

        Assert.Contains("Connection refused", _logs.Lines.First(l => l.Contains("CapacityUnreadable", StringComparison.Ordinal)));
        Assert.Equal(4_000, sink.Last!.Node.Capacity.CpuMillis);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private ReportPump Pump(ICapacityReporter source)
    {
        var options = new UplinkOptions
        {
            NodeId = "cluster-1",
            Capacity = source,
            CapacityRefresh = TimeSpan.FromMilliseconds(50),
            StatusDebounce = TimeSpan.FromMilliseconds(20),
        };
        var node = new FakeNode("cluster-1");
        var logger = _logs.CreateLogger("uplink");
        return new ReportPump(options, _store, node, new StatusBuilder(options, _store, node, TimeProvider.System), TimeProvider.System, logger);
    }

    private sealed class SettableCapacity : ICapacityReporter
    {
        public volatile NodeCapacity? Current;
        public volatile Exception? Failure;

        public Task<NodeCapacity?> ReadCapacityAsync(CancellationToken cancellationToken) =>
            Failure is { } failure ? Task.FromException<NodeCapacity?>(failure) : Task.FromResult(Current);
    }

    private sealed class RecordingSink : IReportSink
    {
        private readonly List<Wire.NodeStatus> _sent = [];

        public Wire.NodeStatus? Last { get { lock (_sent) return _sent.LastOrDefault(); } }

        public Task SendStatusAsync(Wire.NodeStatus status, CancellationToken cancellationToken)
        {
            lock (_sent) _sent.Add(status.Clone());
            return Task.CompletedTask;
        }

        public Task<int> SendEventsAsync(IReadOnlyList<Wire.Event> events, CancellationToken cancellationToken) => Task.FromResult(events.Count);

        public Task WaitFor(Func<Wire.NodeStatus, bool> condition) =>
            Poll.Until(() => Last is { } last && condition(last), "a status that matches");
    }
}

internal static class Poll
{
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(20);
        }
    }
}
