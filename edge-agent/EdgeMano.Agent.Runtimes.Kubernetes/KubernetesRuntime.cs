using System.Runtime.CompilerServices;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;
using EdgeMano.Agent.Runtimes.Kubernetes.Config;
using EdgeMano.Agent.Runtimes.Kubernetes.Manifests;
using EdgeMano.Agent.Runtimes.Kubernetes.Observe;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMano.Agent.Runtimes.Kubernetes;

/// <summary>
/// Runs container workloads on a Kubernetes cluster (k3s, MicroK8s) that the agent manages as one
/// fleet node. Each workload becomes a Deployment (or StatefulSet), a ConfigMap for its env and a
/// Service for its ports, applied server-side and labelled with this node; observations come from
/// list-then-watch of the node's Deployments, StatefulSets and pods. Objects without this node's
/// labels are never changed or deleted.
/// </summary>
public sealed partial class KubernetesRuntime : IWorkloadRuntime, ICapacityReporter, IDisposable
{
    public const string RuntimeName = "kubernetes";

    private readonly KubernetesRuntimeOptions _options;
    private readonly KubernetesApi _api;
    private readonly TypedResources _resources;
    private readonly ClusterCache _cache = new(RuntimeName);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startGate = new();
    private Task[]? _watches;
    private bool _namespaceReady;

    public KubernetesRuntime(KubernetesRuntimeOptions options, ILogger<KubernetesRuntime>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!KubernetesNaming.IsLabelValue(options.NodeId))
            throw new ArgumentException($"KubernetesRuntimeOptions.NodeId '{options.NodeId}' must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')", nameof(options));
        if (!Names.IsDnsLabel(options.Namespace))
            throw new ArgumentException($"KubernetesRuntimeOptions.Namespace '{options.Namespace}' is not a DNS label", nameof(options));
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _api = new KubernetesApi(KubeconfigLocator.Resolve(options), options.RequestTimeout);
        _resources = new TypedResources(_api);
        KubernetesRuntimeLog.Configured(_logger, options.NodeId, _api.Server, _api.Config.Source, options.Namespace);
    }

    public string Name => RuntimeName;

    /// <summary>The API server's URL, as the configuration named it.</summary>
    public string Server => _api.Server;

    /// <summary>Which configuration was used and why (kubeconfig path or in-cluster).</summary>
    public string ConfigSource => _api.Config.Source;

    internal KubernetesApi Api => _api;

    internal KubernetesRuntimeOptions Options => _options;

    internal ILogger Logger => _logger;

    public bool Handles(WorkloadKind kind) => kind == WorkloadKind.Container;

    public async Task<IReadOnlyList<ObservedWorkload>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await ListDetailedAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Workload)];

    /// <summary>Every owned workload with what only the cluster knows (restarts, last exit, waiting reason).</summary>
    public Task<IReadOnlyList<KubernetesWorkloadStatus>> ListDetailedAsync(CancellationToken cancellationToken)
    {
        EnsureWatching();
        return _cache.SnapshotAsync(_options.RequestTimeout, _time, cancellationToken);
    }

    public async Task<ObservedWorkload> CreateAsync(WorkloadSpec spec, string specHash, CancellationToken cancellationToken)
    {
        if (!Handles(spec.Kind)) throw new RuntimeException($"kubernetes: workload {spec.Name} is of kind {spec.Kind}, not a container");
        if (string.IsNullOrWhiteSpace(spec.Image)) throw new RuntimeException($"kubernetes: workload {spec.Name} names no image");
        if (!KubernetesNaming.IsLabelValue(spec.Name))
            throw new RuntimeException($"kubernetes: workload name '{spec.Name}' cannot be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')");
        EnsureWatching();
        await EnsureNamespaceAsync(cancellationToken).ConfigureAwait(false);

        var objects = WorkloadManifests.Build(spec, specHash, _options.NodeId, _options.Namespace, _options.StopGrace);
        V1ObjectMeta? workloadMeta = null;
        foreach (var target in objects.All())
        {
            var (meta, applied) = await ApplyIfChangedAsync(target, spec.Name, cancellationToken).ConfigureAwait(false);
            if (target != objects.Workload) continue;
            workloadMeta = meta;
            // The apply response goes into the cache at once: the reconcile that follows a create must
            // not miss the workload because its watch event is still on the way.
            var table = target.Resource == ResourceKind.StatefulSet ? _cache.StatefulSets : _cache.Deployments;
            if (applied is not null) _cache.Mutate(() => table.Upsert(applied), emit: true);
        }

        var controller = objects.Workload.Resource == ResourceKind.StatefulSet ? KubernetesNaming.StatefulSet : KubernetesNaming.Deployment;
        var runtimeId = KubernetesNaming.RuntimeId(controller, objects.Workload.Name, workloadMeta?.Uid ?? "");
        return _cache.Find(runtimeId)?.Workload ?? new ObservedWorkload
        {
            Name = spec.Name,
            RuntimeId = runtimeId,
            Runtime = Name,
            SpecHash = specHash,
            State = InstanceState.Unknown,
        };
    }

    public async IAsyncEnumerable<RuntimeEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureWatching();
        using var subscription = _cache.Subscribe();
        while (await WaitForEventAsync(subscription, cancellationToken).ConfigureAwait(false))
            while (subscription.Reader.TryRead(out var e))
                yield return e;
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        Task[]? watches;
        lock (_startGate) watches = _watches;
        // The watch loops stop at their next await; wait briefly so none uses the client after it is disposed.
        if (watches is not null) Task.WaitAll(watches, TimeSpan.FromSeconds(2));
        _api.Dispose();
    }

    private static async Task<bool> WaitForEventAsync(ClusterCache.Subscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            return await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Starts the list-then-watch loops once, on first use; they run until the driver is disposed.</summary>
    private void EnsureWatching()
    {
        lock (_startGate)
        {
            if (_watches is not null) return;
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            var selector = KubernetesNaming.NodeSelector(_options.NodeId);
            var json = KubeJsonContext.Default;
            var ns = _options.Namespace;
            var deployments = new ResourceWatch<WorkloadObject>(_api, _cache, _cache.Deployments, ResourceKind.Deployment.CollectionPath(ns), selector,
                json.ObjectListWorkloadObject, json.WorkloadObject, _options, _time, _logger);
            var statefulSets = new ResourceWatch<WorkloadObject>(_api, _cache, _cache.StatefulSets, ResourceKind.StatefulSet.CollectionPath(ns), selector,
                json.ObjectListWorkloadObject, json.WorkloadObject, _options, _time, _logger);
            var pods = new ResourceWatch<PodObject>(_api, _cache, _cache.Pods, $"/api/v1/namespaces/{ns}/pods", selector,
                json.ObjectListPodObject, json.PodObject, _options, _time, _logger);
            // Registered before any loop runs: a list right after start waits for all three first lists.
            _cache.Register(deployments);
            _cache.Register(statefulSets);
            _cache.Register(pods);
            var watches = new Func<CancellationToken, Task>[] { deployments.RunAsync, statefulSets.RunAsync, pods.RunAsync };
            var token = _stopping.Token;
            _watches = [.. watches.Select(run => Task.Run(() => run(token), CancellationToken.None))];
        }
    }

    private async Task EnsureNamespaceAsync(CancellationToken cancellationToken)
    {
        if (_namespaceReady) return;
        var ns = WorkloadManifests.Namespace(_options.Namespace);
        // An existing namespace (maybe the operator's) is used as it is, never relabelled.
        if (await _resources.ReadMetadataAsync(ResourceKind.Namespace, "", ns.Name, cancellationToken).ConfigureAwait(false) is null)
        {
            await _resources.ApplyAsync(ns, ns.Render().Json, cancellationToken).ConfigureAwait(false);
            KubernetesRuntimeLog.NamespaceCreated(_logger, ns.Name);
        }
        _namespaceReady = true;
    }

    /// <summary>
    /// Applies one object unless it already carries this exact body. Refuses an object of that name
    /// that this node does not own, or that belongs to another of its workloads.
    /// </summary>
    private async Task<(V1ObjectMeta Meta, WorkloadObject? Applied)> ApplyIfChangedAsync(AppliedObject target, string workload, CancellationToken cancellationToken)
    {
        var (json, hash) = target.Render();
        var existing = await _resources.ReadMetadataAsync(target.Resource, target.Namespace, target.Name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!KubernetesNaming.IsOwnedBy(existing.Labels, _options.NodeId))
                throw new RuntimeException($"kubernetes: cannot apply {target.Describe()}: an object with that name exists and is not managed by node {_options.NodeId}; remove or rename it");
            var owner = KubernetesNaming.Get(existing.Labels, KubernetesNaming.WorkloadLabel);
            if (owner != workload)
                throw new RuntimeException($"kubernetes: cannot apply {target.Describe()}: the name is taken by workload {owner}");
            if (KubernetesNaming.Get(existing.Annotations, KubernetesNaming.AppliedHashAnnotation) == hash)
            {
                KubernetesRuntimeLog.Unchanged(_logger, target.Describe(), hash);
                return (existing, null);
            }
        }
        var result = await _resources.ApplyAsync(target, json, cancellationToken).ConfigureAwait(false);
        KubernetesRuntimeLog.Applied(_logger, target.Describe(), hash);
        return (result.Metadata, result.Workload);
    }
}
