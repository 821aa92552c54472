using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;
using EdgeMano.Agent.Runtimes.Kubernetes.Manifests;
using k8s;

namespace EdgeMano.Agent.Runtimes.Kubernetes;

/// <summary>Start, remove and exec on one owned instance; the cluster's capacity.</summary>
public sealed partial class KubernetesRuntime
{
    /// <summary>
    /// A restart by the agent's policy is a rollout restart: the controller replaces the pod. (The
    /// kubelet has usually restarted the container already; this gives the agent's restart the same
    /// meaning on every runtime: a fresh start.)
    /// </summary>
    public async Task StartAsync(ObservedWorkload instance, CancellationToken cancellationToken)
    {
        var (kind, name, _) = Parse(instance, "start");
        if (_cache.Find(instance.RuntimeId) is null)
            throw new RuntimeException($"kubernetes: start {instance.Name} failed: {kind.Kind} {_options.Namespace}/{name} ({instance.RuntimeId}) is not among node {_options.NodeId}'s workloads (gone or replaced)");
        KubernetesRuntimeLog.RolloutRestart(_logger, $"{kind.Kind} {_options.Namespace}/{name}", instance.Name);
        await _resources.RestartAsync(kind, _options.Namespace, name, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the instance's Deployment/StatefulSet (this uid only), then its Service and ConfigMap
    /// unless another instance of the workload still uses them. <paramref name="grace"/> becomes the
    /// delete's gracePeriodSeconds; the pods themselves stop with their terminationGracePeriodSeconds.
    /// </summary>
    public async Task RemoveAsync(ObservedWorkload instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        var (kind, name, uid) = Parse(instance, "remove");
        var ns = _options.Namespace;
        var outcome = await _resources.DeleteAsync(kind, ns, name, uid, grace, cancellationToken).ConfigureAwait(false);
        if (outcome == DeleteOutcome.Replaced) return; // a newer instance holds the name: not ours to remove
        if (outcome == DeleteOutcome.Deleted)
        {
            KubernetesRuntimeLog.Deleted(_logger, $"{kind.Kind} {ns}/{name}");
            var table = kind == ResourceKind.StatefulSet ? _cache.StatefulSets : _cache.Deployments;
            _cache.Mutate(() => table.Remove(new WorkloadObject { Metadata = new ObjectMeta { Name = name, Uid = uid } }), emit: true);
        }
        if (_cache.HasOtherInstance(instance.Name, instance.RuntimeId)) return;
        foreach (var shared in new[] { ResourceKind.Service, ResourceKind.ConfigMap })
        {
            var meta = await _resources.ReadMetadataAsync(shared, ns, name, cancellationToken).ConfigureAwait(false);
            if (meta is null || !KubernetesNaming.IsOwnedBy(meta.Labels, _options.NodeId)
                || KubernetesNaming.Get(meta.Labels, KubernetesNaming.WorkloadLabel) != instance.Name)
                continue;
            if (await _resources.DeleteAsync(shared, ns, name, meta.Uid, grace, cancellationToken).ConfigureAwait(false) == DeleteOutcome.Deleted)
                KubernetesRuntimeLog.Deleted(_logger, $"{shared.Kind} {ns}/{name}");
        }
    }

    /// <summary>Runs the command in the instance's running pod (container "main"); -1 when it outlives <paramref name="timeout"/>.</summary>
    public async Task<int> ExecAsync(ObservedWorkload instance, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (kind, _, _) = Parse(instance, "exec in");
        var controller = kind == ResourceKind.StatefulSet ? KubernetesNaming.StatefulSet : KubernetesNaming.Deployment;
        var pod = _cache.PodsOf(instance.Name, controller)
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running")
            .OrderByDescending(p => p.Status?.StartTime ?? DateTimeOffset.MinValue)
            .FirstOrDefault()
            ?? throw new RuntimeException($"kubernetes: exec in {instance.Name} failed: it has no running pod");
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _api.ExecAsync(pod.Metadata.Name, _options.Namespace, PodTemplate.ContainerName, command, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return -1;
        }
    }

    /// <summary>Allocatable CPU (millicores) and memory (bytes) summed over the nodes whose Ready condition is True.</summary>
    public async Task<ClusterCapacity> GetCapacityAsync(CancellationToken cancellationToken)
    {
        var nodes = await _api.CallAsync("list nodes", (c, ct) => c.CoreV1.ListNodeAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        long cpu = 0, memory = 0;
        var ready = 0;
        foreach (var node in nodes.Items)
        {
            if (node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true) continue;
            ready++;
            var allocatable = node.Status.Allocatable;
            if (allocatable is null) continue;
            if (allocatable.TryGetValue("cpu", out var c)) cpu += (long)Math.Round(c.ToDecimal() * 1000m);
            if (allocatable.TryGetValue("memory", out var m)) memory += (long)m.ToDecimal();
        }
        return new ClusterCapacity(cpu, memory, ready, nodes.Items.Count);
    }

    /// <summary>The cluster's allocatable over its ready nodes; null while none is ready.</summary>
    public async Task<NodeCapacity?> ReadCapacityAsync(CancellationToken cancellationToken)
    {
        var capacity = await GetCapacityAsync(cancellationToken).ConfigureAwait(false);
        return capacity.ReadyNodes == 0 ? null : new NodeCapacity(capacity.CpuMillis, capacity.MemoryBytes);
    }

    private (ResourceKind Kind, string Name, string Uid) Parse(ObservedWorkload instance, string verb)
    {
        if (KubernetesNaming.ParseRuntimeId(instance.RuntimeId) is not { } id)
            throw new RuntimeException($"kubernetes: {verb} {instance.Name} refused: '{instance.RuntimeId}' is not an instance id of this driver");
        return (id.Kind == KubernetesNaming.StatefulSet ? ResourceKind.StatefulSet : ResourceKind.Deployment, id.Name, id.Uid);
    }
}
