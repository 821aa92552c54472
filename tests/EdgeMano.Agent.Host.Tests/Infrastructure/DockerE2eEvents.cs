using EdgeMano.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace EdgeMano.Agent.Host.Tests.Infrastructure;

/// <summary>One container event as the engine reported it (time with nanosecond precision).</summary>
public sealed record ContainerEvent(string Action, string ContainerId, string Workload, DateTimeOffset At);

/// <summary>
/// Records the engine's container events for one node, as the engine saw them, through the
/// independent client. Subscribes with a `since` a little in the past, so nothing is missed even
/// if the subscription lands late (a fresh node id has no older events).
/// </summary>
public sealed class DockerE2eEvents : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ContainerEvent> _events = [];
    private readonly Task _pump;

    public DockerE2eEvents(DockerClient client, string nodeId)
    {
        var parameters = new ContainerEventsParameters
        {
            Since = DateTimeOffset.UtcNow.AddSeconds(-2).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{DockerE2eFixture.NodeLabel}={nodeId}"] = true },
            },
        };
        _pump = Pump(client, parameters);
    }

    private async Task Pump(DockerClient client, ContainerEventsParameters parameters)
    {
        try { await client.System.MonitorEventsAsync(parameters, new Recorder(this), _stop.Token); }
        catch (Exception) when (_stop.IsCancellationRequested) { }
    }

    public IReadOnlyList<ContainerEvent> All
    {
        get { lock (_events) return _events.ToList(); }
    }

    /// <summary>Events with this action (start, create, die, destroy, ...), optionally for one workload, in order.</summary>
    public IReadOnlyList<ContainerEvent> Of(string action, string? workload = null) =>
        All.Where(e => e.Action == action && (workload is null || e.Workload == workload)).ToList();

    public string Describe() => string.Join("\n", All.Select(e => $"{e.At:HH:mm:ss.fff} {e.Action} {e.Workload} {e.ContainerId[..Math.Min(12, e.ContainerId.Length)]}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Docker.DotNet's event stream notices cancellation only when the next event arrives; an idle
        // engine would keep this waiting forever, so give it a few seconds and move on.
        try { await _pump.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
        _stop.Dispose();
    }

    /// <summary>Appends synchronously: Progress&lt;T&gt; would post to the thread pool and could reorder events.</summary>
    private sealed class Recorder(DockerE2eEvents owner) : IProgress<Message>
    {
        public void Report(Message value)
        {
            var attributes = value.Actor?.Attributes ?? new Dictionary<string, string>();
            var at = DateTimeOffset.FromUnixTimeMilliseconds(value.TimeNano / 1_000_000);
            var e = new ContainerEvent(value.Action ?? "", value.Actor?.ID ?? value.ID ?? "",
                attributes.TryGetValue(DockerE2eFixture.WorkloadLabel, out var w) ? w : "", at);
            lock (owner._events) owner._events.Add(e);
        }
    }
}
