using System.Threading.Channels;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Observe;

/// <summary>
/// What the watches have seen of this node's Deployments, StatefulSets and pods, and the runtime
/// events derived from each change. Observations are read from here, never polled.
/// </summary>
internal sealed class ClusterCache(string runtimeName)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<RuntimeEvent>> _subscribers = [];
    /// <summary>Per watch: whether it has listed, and its last failure (null while it is connected).</summary>
    private readonly Dictionary<object, (bool Listed, string? Error)> _sources = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ObjectTable<WorkloadObject> Deployments { get; } = new();
    public ObjectTable<WorkloadObject> StatefulSets { get; } = new();
    public ObjectTable<PodObject> Pods { get; } = new();

    /// <summary>Announces a watch that must list before observations are complete.</summary>
    public void Register(object source)
    {
        lock (_gate) _sources.TryAdd(source, (false, null));
    }

    /// <summary>A source listed or (re)connected its watch: observations from it are current.</summary>
    public void MarkHealthy(object source) => UpdateSource(source, _ => (true, null));

    /// <summary>A source cannot reach the server; observations are refused until it recovers.</summary>
    public void MarkBroken(object source, string error) => UpdateSource(source, old => (old.Listed, error));

    /// <summary>Applies one change; <paramref name="emit"/> is false for a first list, which replays no history.</summary>
    public void Mutate(Action change, bool emit)
    {
        lock (_gate)
        {
            var before = emit ? Views() : null;
            change();
            if (before is null) return;
            var after = Views();
            foreach (var e in Diff(before, after))
                foreach (var s in _subscribers) s.Writer.TryWrite(e);
        }
    }

    /// <summary>Every owned workload; throws while any watch has not listed or cannot reach the server.</summary>
    public async Task<IReadOnlyList<KubernetesWorkloadStatus>> SnapshotAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                // A failure is reported at once (the planner then leaves the node's workloads alone);
                // a watch still making its first list is waited for.
                if (_sources.Values.FirstOrDefault(v => v.Error is not null).Error is { } error) throw new RuntimeException(error);
                if (_sources.Values.All(v => v.Listed)) return [.. Views().Values];
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new RuntimeException($"kubernetes: the first list of the node's workloads did not complete within {wait.TotalSeconds:0.#} s");
            }
        }
    }

    /// <summary>The current view of one instance, if the cache knows it.</summary>
    public KubernetesWorkloadStatus? Find(string runtimeId)
    {
        lock (_gate) return Views().GetValueOrDefault(runtimeId);
    }

    /// <summary>Whether any owned workload object other than <paramref name="runtimeId"/> belongs to <paramref name="workload"/>.</summary>
    public bool HasOtherInstance(string workload, string runtimeId)
    {
        lock (_gate) return Views().Values.Any(v => v.Workload.Name == workload && v.Workload.RuntimeId != runtimeId);
    }

    /// <summary>Pods of one instance, for exec.</summary>
    public IReadOnlyList<PodObject> PodsOf(string workload, string controller)
    {
        lock (_gate)
            return [.. Pods.Items.Where(p => p.Metadata.Labels is { } l
                && l.GetValueOrDefault(KubernetesNaming.WorkloadLabel) == workload
                && l.GetValueOrDefault(KubernetesNaming.ControllerLabel) == controller)];
    }

    /// <summary>Events from now on, until the returned subscription is disposed.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<RuntimeEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate) _subscribers.Add(channel);
        return new Subscription(channel.Reader, () =>
        {
            lock (_gate) _subscribers.Remove(channel);
        });
    }

    public sealed class Subscription(ChannelReader<RuntimeEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<RuntimeEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }

    private void UpdateSource(object source, Func<(bool Listed, string? Error), (bool Listed, string? Error)> next)
    {
        lock (_gate)
        {
            var old = _sources.GetValueOrDefault(source);
            var state = next(old);
            if (old == state) return;
            _sources[source] = state;
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private Dictionary<string, KubernetesWorkloadStatus> Views()
    {
        var pods = Pods.Items.ToList();
        var views = new Dictionary<string, KubernetesWorkloadStatus>(StringComparer.Ordinal);
        foreach (var w in Deployments.Items.Concat(StatefulSets.Items))
            if (WorkloadObserver.Observe(w, pods, runtimeName) is { } view)
                views[view.Workload.RuntimeId] = view;
        return views;
    }

    /// <summary>Removed when an instance disappears, Exited on each new container exit, Started when it becomes Running.</summary>
    private static IEnumerable<RuntimeEvent> Diff(Dictionary<string, KubernetesWorkloadStatus> before, Dictionary<string, KubernetesWorkloadStatus> after)
    {
        foreach (var (id, old) in before)
            if (!after.ContainsKey(id)) yield return new RuntimeEvent(old.Workload.Name, id, RuntimeEventKind.Removed);
        foreach (var (id, now) in after)
        {
            before.TryGetValue(id, out var old);
            // A new instance has no exit of interest; an exit is new when its finish time changed
            // (the kubelet may restart the container before the agent ever sees it stopped).
            if (old is not null && now.LastExitAt is not null && now.LastExitAt != old.LastExitAt)
                yield return new RuntimeEvent(now.Workload.Name, id, RuntimeEventKind.Exited, now.LastExitCode);
            if (now.Workload.State == InstanceState.Running && old?.Workload.State != InstanceState.Running)
                yield return new RuntimeEvent(now.Workload.Name, id, RuntimeEventKind.Started);
        }
    }
}
