using System.Diagnostics;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Reconciliation;

/// <summary>
/// A reconciler wired to fakes and a fake clock. Passes can be driven one by one, or the real loop
/// can run in the background; then the test moves the fake clock and waits (real time, bounded)
/// for the loop to go quiet before it looks.
/// </summary>
internal sealed class ReconcilerHarness : IAsyncDisposable
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(5);
    private CancellationTokenSource? _cts;
    private Task? _loop;
    private long _revision;

    public ReconcilerHarness(ReconcilerOptions? options = null)
    {
        Docker = new FakeRuntime("docker", Time, WorkloadKind.Container);
        Process = new FakeRuntime("process", Time, WorkloadKind.Process);
        Reconciler = new Reconciler(Store, new RuntimeSet([Docker, Process]), Prober, Time,
            options ?? new ReconcilerOptions { NodeId = "node-1", Debounce = TimeSpan.Zero }, NullLogger.Instance);
    }

    public FakeTimeProvider Time { get; } = new(T0);
    public FakeStore Store { get; } = new();
    public FakeProber Prober { get; } = new();
    public FakeRuntime Docker { get; }
    public FakeRuntime Process { get; }
    public Reconciler Reconciler { get; }

    /// <summary>Persists a new desired revision (as the uplink would) and returns it.</summary>
    public long Apply(params WorkloadSpec[] workloads)
    {
        var result = Store.SaveDesired(Desired(++_revision, workloads));
        Assert.True(result.Accepted);
        return _revision;
    }

    public Task<NodeSnapshot> PassAsync() => Reconciler.ReconcileOnceAsync(CancellationToken.None);

    public async Task StartLoopAsync()
    {
        _cts = new CancellationTokenSource();
        _loop = Task.Run(() => Reconciler.RunAsync(_cts.Token));
        await Eventually(() => Docker.Watchers == 1 && Process.Watchers == 1, "the reconciler to watch both runtimes");
        await SettleAsync();
    }

    /// <summary>Moves the fake clock once the loop is parked, then waits for it to park again.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await SettleAsync();
        Time.Advance(by);
        await SettleAsync();
    }

    /// <summary>Moves the fake clock in steps, letting the loop run between them.</summary>
    public async Task RunForAsync(TimeSpan total, TimeSpan step)
    {
        for (var done = TimeSpan.Zero; done < total; done += step) await AdvanceAsync(step);
    }

    /// <summary>Waits until no fake has been called for a short while (bounded).</summary>
    public async Task SettleAsync()
    {
        var limit = Stopwatch.StartNew();
        var last = Activity();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < QuietFor && limit.Elapsed < SettleLimit)
        {
            await Task.Delay(2);
            var now = Activity();
            if (now != last) { last = now; quiet.Restart(); }
        }
        if (_loop is { IsFaulted: true }) await _loop;
    }

    public static async Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > (timeout ?? TimeSpan.FromSeconds(5))) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cts is null || _loop is null) return;
        await _cts.CancelAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        _cts.Dispose();
    }

    private long Activity() => Docker.Activity + Process.Activity + Store.Activity + Prober.Calls.Count;
}
