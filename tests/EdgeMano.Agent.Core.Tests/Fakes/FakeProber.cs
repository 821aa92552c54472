using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Tests.Fakes;

/// <summary>
/// Answers probes from a script per workload: results are handed out in order and the last one
/// repeats. A workload without a script is healthy.
/// </summary>
internal sealed class FakeProber : IHealthProber
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<ProbeResult>> _scripts = new(StringComparer.Ordinal);
    private readonly List<(string Workload, string RuntimeId)> _calls = [];

    public IReadOnlyList<(string Workload, string RuntimeId)> Calls { get { lock (_gate) return _calls.ToList(); } }

    public void Script(string workload, params ProbeResult[] results)
    {
        lock (_gate) _scripts[workload] = new Queue<ProbeResult>(results);
    }

    public void AlwaysUnhealthy(string workload, string detail = "connection refused") => Script(workload, new ProbeResult(false, detail));

    public Task<ProbeResult> ProbeAsync(HealthProbeSpec probe, ObservedWorkload instance, IWorkloadRuntime runtime, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Add((instance.Name, instance.RuntimeId));
            if (!_scripts.TryGetValue(instance.Name, out var script) || script.Count == 0)
                return Task.FromResult(new ProbeResult(true, "ok"));
            return Task.FromResult(script.Count > 1 ? script.Dequeue() : script.Peek());
        }
    }
}
