using System.Diagnostics;
using System.Threading.Channels;
using EdgeMano.Agent.Core.Health;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Core.Reconciliation;

/// <summary>What the node looks like after the last reconcile, for `status` and the uplink.</summary>
public sealed record NodeSnapshot(
    string NodeId,
    long DesiredRevision,
    long ObservedRevision,
    IReadOnlyList<WorkloadRecord> Workloads,
    DateTimeOffset? LastReconcileAt);

/// <summary>
/// observe -> diff -> plan -> run -> report, under one lock. Runs on desired-state changes,
/// runtime events, health changes, backoff deadlines and a periodic resync; reads only the local
/// store, so it keeps the node right with or without a link to the plane.
/// </summary>
public sealed class Reconciler
{
    private readonly IAgentStore _store;
    private readonly RuntimeSet _runtimes;
    private readonly TimeProvider _time;
    private readonly ReconcilerOptions _options;
    private readonly ILogger _logger;
    private readonly PlanRunner _runner;
    private readonly HealthMonitor _healthMonitor;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Channel<bool> _triggers = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DesiredSet? _desired;
    private DateTimeOffset? _wakeAt;
    /// <summary>RunAsync's wait for a trigger, kept across resyncs; see <see cref="WaitForWorkAsync"/>.</summary>
    private Task<bool>? _pendingTrigger;
    private volatile NodeSnapshot _snapshot;
    private long _started = Stopwatch.GetTimestamp();
    private bool _firstDone;

    public Reconciler(IAgentStore store, RuntimeSet runtimes, IHealthProber prober, TimeProvider time, ReconcilerOptions options, ILogger logger)
    {
        _store = store;
        _runtimes = runtimes;
        _time = time;
        _options = options;
        _logger = logger;
        _runner = new PlanRunner(runtimes, time, options, logger);
        _healthMonitor = new HealthMonitor(prober, runtimes, time, logger, Trigger);
        _snapshot = new NodeSnapshot(options.NodeId, 0, 0, [], null);
    }

    public NodeSnapshot Snapshot => _snapshot;

    public HealthTracker Health => _healthMonitor.Tracker;

    /// <summary>Raised after the first reconcile with (elapsed since start, time spent in runtimes).</summary>
    public event Action<TimeSpan, TimeSpan>? FirstReconcileCompleted;

    /// <summary>Asks for a reconcile soon; calls in a burst fold into one.</summary>
    public void Trigger() => _triggers.Writer.TryWrite(true);

    /// <summary>Marks the moment the agent started, for the start-to-first-reconcile figure.</summary>
    public void MarkStarted(long stopwatchTimestamp) => _started = stopwatchTimestamp;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _pendingTrigger = null;
        var watchers = _runtimes.All.Select(r => WatchAsync(r, cancellationToken)).ToList();
        var health = _healthMonitor.RunAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await ReconcileOnceAsync(cancellationToken).ConfigureAwait(false);
                await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        await Task.WhenAll(watchers.Append(health)).ConfigureAwait(false);
    }

    /// <summary>One full pass. Never throws for runtime or store trouble: it logs and tries again later.</summary>
    public async Task<NodeSnapshot> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var desiredState = _store.LoadDesired() ?? DesiredState.Empty(_options.NodeId);
            if (_desired is null || !ReferenceEquals(_desired.State, desiredState) && _desired.State != desiredState)
                _desired = new DesiredSet(desiredState);

            var observeStarted = Stopwatch.GetTimestamp();
            var observation = await _runtimes.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var runtimeTime = Stopwatch.GetElapsedTime(observeStarted);
            var records = _store.LoadRecords();
            var plan = Planner.Create(new PlanInput
            {
                Desired = _desired,
                Observed = observation.Instances,
                Records = records,
                Now = _time.GetUtcNow(),
                Unavailable = observation.Unavailable,
                HealthOf = _healthMonitor.Tracker.StateOf,
                HealthDetailOf = _healthMonitor.Tracker.DetailOf,
            });
            var result = await _runner.RunAsync(plan, cancellationToken).ConfigureAwait(false);
            runtimeTime += result.RuntimeTime;

            var changed = result.Records.Values.Where(r => !records.TryGetValue(r.Name, out var old) || old != r).ToList();
            _store.SaveRecords(changed, plan.RemovedRecords);
            foreach (var e in result.Events.Where(e => e.Severity != "info")) ReconcilerLog.WorkloadEvent(_logger, e.Workload, e.Reason, e.Message);
            if (result.Events.Count > 0) _store.AppendEvents(result.Events);

            // Wake for the planner's deadlines and for retries the runner scheduled after failures;
            // only future times count, or an overdue record of an unavailable runtime would spin the loop.
            var now = _time.GetUtcNow();
            _wakeAt = result.Records.Values.Select(r => r.NextAttemptAt).Where(t => t > now).Append(plan.WakeAt).Min();
            _healthMonitor.Update(_desired, observation.Instances);
            // A pass with commands left changes behind it: look again at once to confirm them.
            if (plan.Commands.Length > result.Failed) Trigger();

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (plan.Commands.Length > 0 || result.Failed > 0)
                ReconcilerLog.Reconciled(_logger, _desired.Revision, plan.Commands.Length, result.Failed, elapsed.TotalMilliseconds, runtimeTime.TotalMilliseconds);
            // The revision counts as observed once a pass needs no change and every runtime it uses could be seen.
            var blind = _desired.Workloads.Any(w => observation.Unavailable.ContainsKey(w.Spec.Kind));
            var observedRevision = plan.Commands.Length == 0 && result.Failed == 0 && !blind ? _desired.Revision : _snapshot.ObservedRevision;
            _snapshot = new NodeSnapshot(_desired.State.NodeId, _desired.Revision, observedRevision,
                result.Records.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(), _time.GetUtcNow());

            if (!_firstDone)
            {
                _firstDone = true;
                var sinceStart = Stopwatch.GetElapsedTime(_started);
                ReconcilerLog.FirstReconcile(_logger, sinceStart.TotalMilliseconds, runtimeTime.TotalMilliseconds);
                FirstReconcileCompleted?.Invoke(sinceStart, runtimeTime);
            }
            return _snapshot;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ReconcilerLog.ReconcileFailed(_logger, ex.Message);
            return _snapshot;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        var wait = _options.ResyncInterval;
        if (_wakeAt is { } at)
        {
            var untilWake = at - _time.GetUtcNow();
            if (untilWake < wait) wait = untilWake < TimeSpan.Zero ? TimeSpan.Zero : untilWake;
        }
        // The wait for a trigger outlives a resync that comes first: cancelling it would throw and
        // catch an OperationCanceledException inside the channel every 30 s, and the first exception
        // an idle agent throws pages in ~0.5-0.8 MB of unwind tables of the executable for good.
        // Only the delay is cancelled, and a cancelled Task.Delay throws nothing.
        _pendingTrigger ??= _triggers.Reader.WaitToReadAsync(cancellationToken).AsTask();
        if (!_pendingTrigger.IsCompleted)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, _time, cts.Token);
            await Task.WhenAny(delay, _pendingTrigger).ConfigureAwait(false);
            cts.Cancel();
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (_pendingTrigger.IsCompleted) _pendingTrigger = null;
        if (_triggers.Reader.TryRead(out _) && _options.Debounce > TimeSpan.Zero)
        {
            await Task.Delay(_options.Debounce, _time, cancellationToken).ConfigureAwait(false);
            _triggers.Reader.TryRead(out _);
        }
    }

    private async Task WatchAsync(IWorkloadRuntime runtime, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var error = "stream closed";
            try
            {
                await foreach (var _ in runtime.WatchAsync(cancellationToken).ConfigureAwait(false)) Trigger();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception ex) { error = ex.Message; }
            if (cancellationToken.IsCancellationRequested) return;
            ReconcilerLog.WatchEnded(_logger, runtime.Name, error);
            Trigger();
            try { await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }
}
