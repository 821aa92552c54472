using EdgeMano.Agent.Core.Health;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Core.Reconciliation;

/// <summary>
/// Probes each running instance that has a health probe, on its own period, and asks for a
/// reconcile when an instance's health changes. Probing is done through the prober port.
/// </summary>
internal sealed class HealthMonitor(IHealthProber prober, RuntimeSet runtimes, TimeProvider time, ILogger logger, Action onChange)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private readonly Lock _gate = new();
    /// <summary>Released by <see cref="Update"/> when there is something to probe; see <see cref="RunAsync"/>.</summary>
    private readonly SemaphoreSlim _targetsArrived = new(0, 1);
    private Dictionary<string, Target> _targets = new(StringComparer.Ordinal);

    private sealed class Target
    {
        public required HashedSpec Desired;
        public required ObservedWorkload Instance;
        public DateTimeOffset NextProbeAt;
        public bool InFlight;
    }

    public HealthTracker Tracker { get; } = new();

    /// <summary>Called after each reconcile with what runs now.</summary>
    public void Update(DesiredSet desired, IReadOnlyList<ObservedWorkload> observed)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var next = new Dictionary<string, Target>(StringComparer.Ordinal);
            foreach (var o in observed)
            {
                if (o.State != InstanceState.Running) continue;
                if (!desired.ByName.TryGetValue(o.Name, out var w) || w.Hash != o.SpecHash || w.Spec.Health is not { } probe) continue;
                if (_targets.TryGetValue(o.Name, out var t) && t.Instance.RuntimeId == o.RuntimeId)
                {
                    t.Desired = w;
                    t.Instance = o;
                    next[o.Name] = t;
                    continue;
                }
                var startedAt = o.StartedAt ?? now;
                var first = startedAt + probe.InitialDelay;
                next[o.Name] = new Target { Desired = w, Instance = o, NextProbeAt = first > now ? first : now };
            }
            _targets = next;
            if (next.Count > 0 && _targetsArrived.CurrentCount == 0) _targetsArrived.Release();
            Tracker.Retain(next.Keys);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Nothing to probe: sleep until Update brings a target instead of ticking for nothing.
                // An idle node without probes would otherwise make a timer and a list four times a
                // second, garbage that stays resident until the next GC.
                if (!HasTargets()) await _targetsArrived.WaitAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(Tick, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            var now = time.GetUtcNow();
            List<Target> due;
            lock (_gate)
            {
                due = _targets.Values.Where(t => !t.InFlight && t.NextProbeAt <= now).ToList();
                foreach (var t in due) t.InFlight = true;
            }
            foreach (var t in due) _ = ProbeAsync(t, cancellationToken);
        }
    }

    private bool HasTargets()
    {
        lock (_gate) return _targets.Count > 0;
    }

    private async Task ProbeAsync(Target target, CancellationToken cancellationToken)
    {
        var probe = target.Desired.Spec.Health!;
        ProbeResult result;
        try
        {
            var runtime = runtimes.ByName(target.Instance.Runtime);
            result = await prober.ProbeAsync(probe, target.Instance, runtime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = new ProbeResult(false, ex.Message);
        }
        catch (OperationCanceledException) { return; }

        ReconcilerLog.Probe(logger, target.Instance.Name, result.Healthy ? "ok" : "failed", result.Detail);
        bool changed;
        lock (_gate)
        {
            target.InFlight = false;
            target.NextProbeAt = time.GetUtcNow() + probe.Period;
            changed = Tracker.Observe(target.Instance.Name, target.Instance.RuntimeId, result.Healthy, result.Detail, probe.FailureThreshold);
        }
        if (changed) onChange();
    }
}
