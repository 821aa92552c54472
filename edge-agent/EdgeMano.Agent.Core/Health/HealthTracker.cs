using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Health;

/// <summary>
/// Health rules: an instance is Unhealthy after FailureThreshold consecutive failed probes and
/// Healthy after one success; each new instance starts Unknown. Pure bookkeeping, no probing.
/// Thread-safe: probes report from their own tasks while the planner reads.
/// </summary>
public sealed class HealthTracker
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private sealed class Entry
    {
        public required string RuntimeId;
        public int Failures;
        public HealthState State = HealthState.Unknown;
        public string Detail = "";
    }

    public HealthState StateOf(string workload, string runtimeId)
    {
        lock (_gate) return _entries.TryGetValue(workload, out var e) && e.RuntimeId == runtimeId ? e.State : HealthState.Unknown;
    }

    public string DetailOf(string workload)
    {
        lock (_gate) return _entries.TryGetValue(workload, out var e) ? e.Detail : "";
    }

    /// <summary>Records one probe result; returns true when the health state changed.</summary>
    public bool Observe(string workload, string runtimeId, bool healthy, string detail, int failureThreshold)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(workload, out var e) || e.RuntimeId != runtimeId)
                _entries[workload] = e = new Entry { RuntimeId = runtimeId };
            var before = e.State;
            e.Detail = detail;
            if (healthy)
            {
                e.Failures = 0;
                e.State = HealthState.Healthy;
            }
            else if (++e.Failures >= Math.Max(1, failureThreshold))
            {
                e.State = HealthState.Unhealthy;
            }
            return e.State != before;
        }
    }

    /// <summary>Forgets workloads that are no longer running.</summary>
    public void Retain(IEnumerable<string> workloads)
    {
        var keep = workloads.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
            foreach (var name in _entries.Keys.Where(n => !keep.Contains(n)).ToList()) _entries.Remove(name);
    }
}
