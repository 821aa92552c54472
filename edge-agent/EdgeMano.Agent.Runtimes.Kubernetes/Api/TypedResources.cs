using EdgeMano.Agent.Runtimes.Kubernetes.Manifests;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Api;

/// <summary>
/// Read, apply and delete for the few resource kinds the driver owns, through the client's typed
/// operations (one switch per verb keeps the endpoint list in one place).
/// </summary>
internal sealed class TypedResources(KubernetesApi api)
{
    /// <summary>Server-side apply: PATCH with application/apply-patch+yaml, fieldManager=edgemano, force=true.</summary>
    public async Task<AppliedResult> ApplyAsync(AppliedObject target, string json, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(json, V1Patch.PatchType.ApplyPatch);
        const string manager = KubernetesNaming.FieldManager;
        var (name, ns) = (target.Name, target.Namespace);
        // force=true: the agent is the source of truth for the fields it applies; a conflicting manager
        // (someone's kubectl edit) loses those fields to it, as the desired state says.
        return await api.CallAsync($"apply {target.Describe()}", async (c, ct) => target.Resource.Kind switch
        {
            "Deployment" => Result(await c.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct).ConfigureAwait(false)),
            "StatefulSet" => Result(await c.AppsV1.PatchNamespacedStatefulSetAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct).ConfigureAwait(false)),
            "Service" => new AppliedResult((await c.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata, null),
            "ConfigMap" => new AppliedResult((await c.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata, null),
            "Namespace" => new AppliedResult((await c.CoreV1.PatchNamespaceAsync(patch, name, fieldManager: manager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata, null),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Resource.Kind, "not a kind the driver applies"),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The object's metadata, or null when it does not exist.</summary>
    public Task<V1ObjectMeta?> ReadMetadataAsync(ResourceKind kind, string ns, string name, CancellationToken cancellationToken) =>
        api.ReadAsync<V1ObjectMeta>($"read {AppliedObject.Describe(kind, ns, name)}", async (c, ct) => kind.Kind switch
        {
            "Deployment" => (await c.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
            "StatefulSet" => (await c.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
            "Service" => (await c.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
            "ConfigMap" => (await c.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
            "Namespace" => (await c.CoreV1.ReadNamespaceAsync(name, cancellationToken: ct).ConfigureAwait(false)).Metadata,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind.Kind, "not a kind the driver reads"),
        }, cancellationToken);

    /// <summary>
    /// Deletes with propagationPolicy=Background: the object goes at once (its name is free for the
    /// create that usually follows a remove) and the garbage collector removes its ReplicaSets and
    /// pods afterwards, each pod with its terminationGracePeriodSeconds. Foreground would keep the
    /// object, marked deleting, until its pods are gone, and a create in between would fail.
    /// With a uid, only that instance is deleted, never a newer object of the same name.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(ResourceKind kind, string ns, string name, string? uid, TimeSpan grace, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions
        {
            PropagationPolicy = "Background",
            GracePeriodSeconds = (long)Math.Ceiling(Math.Max(0, grace.TotalSeconds)),
            Preconditions = string.IsNullOrEmpty(uid) ? null : new V1Preconditions { Uid = uid },
        };
        return await api.CallAsync($"delete {AppliedObject.Describe(kind, ns, name)}", async (c, ct) =>
        {
            try
            {
                _ = kind.Kind switch
                {
                    "Deployment" => (object)await c.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, options, cancellationToken: ct).ConfigureAwait(false),
                    "StatefulSet" => (object)await c.AppsV1.DeleteNamespacedStatefulSetAsync(name, ns, options, cancellationToken: ct).ConfigureAwait(false),
                    "Service" => (object)await c.CoreV1.DeleteNamespacedServiceAsync(name, ns, options, cancellationToken: ct).ConfigureAwait(false),
                    "ConfigMap" => (object)await c.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, options, cancellationToken: ct).ConfigureAwait(false),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind.Kind, "not a kind the driver deletes"),
                };
                return DeleteOutcome.Deleted;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return DeleteOutcome.NotFound;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict && options.Preconditions is not null
                && e.Response.Content?.Contains("Precondition failed", StringComparison.OrdinalIgnoreCase) == true)
            {
                return DeleteOutcome.Replaced;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A rollout restart, as <c>kubectl rollout restart</c> does it: a new annotation on the pod
    /// template makes the controller replace the pods. A merge patch under its own field manager,
    /// so it neither takes nor drops any field the agent's apply owns.
    /// </summary>
    public Task RestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var body = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"" + stamp + "\"}}}}}";
        var patch = new V1Patch(body, V1Patch.PatchType.MergePatch);
        const string manager = "edgemano-restart";
        return api.CallAsync<object>($"restart {AppliedObject.Describe(kind, ns, name)}", async (c, ct) => kind.Kind == "StatefulSet"
            ? await c.AppsV1.PatchNamespacedStatefulSetAsync(patch, name, ns, fieldManager: manager, cancellationToken: ct).ConfigureAwait(false)
            : await c.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: manager, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken);
    }

    private static AppliedResult Result(V1Deployment d) => new(d.Metadata, ToWorkload("Deployment", d.Metadata, d.Status?.Replicas, d.Status?.ReadyReplicas, d.Status?.AvailableReplicas));

    private static AppliedResult Result(V1StatefulSet s) => new(s.Metadata, ToWorkload("StatefulSet", s.Metadata, s.Status?.Replicas, s.Status?.ReadyReplicas, s.Status?.AvailableReplicas));

    /// <summary>The apply response in the watch cache's shape, so a list right after a create already sees it.</summary>
    private static WorkloadObject ToWorkload(string kind, V1ObjectMeta meta, int? replicas, int? ready, int? available) => new()
    {
        Kind = kind,
        Metadata = new ObjectMeta
        {
            Name = meta.Name ?? "",
            Namespace = meta.NamespaceProperty ?? "",
            Uid = meta.Uid ?? "",
            ResourceVersion = meta.ResourceVersion ?? "",
            CreationTimestamp = meta.CreationTimestamp,
            DeletionTimestamp = meta.DeletionTimestamp,
            Labels = meta.Labels is null ? null : new Dictionary<string, string>(meta.Labels),
            Annotations = meta.Annotations is null ? null : new Dictionary<string, string>(meta.Annotations),
        },
        Status = new WorkloadStatus { Replicas = replicas ?? 0, ReadyReplicas = ready ?? 0, AvailableReplicas = available ?? 0 },
    };
}

internal sealed record AppliedResult(V1ObjectMeta Metadata, WorkloadObject? Workload);

internal enum DeleteOutcome { Deleted, NotFound, Replaced }
