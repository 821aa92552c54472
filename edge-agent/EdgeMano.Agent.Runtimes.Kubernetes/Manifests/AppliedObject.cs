using System.Text.Json.Nodes;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Manifests;

/// <summary>Which API resource an applied body goes to.</summary>
internal sealed record ResourceKind(string Kind, string ApiVersion, string Plural)
{
    public static readonly ResourceKind Deployment = new("Deployment", "apps/v1", "deployments");
    public static readonly ResourceKind StatefulSet = new("StatefulSet", "apps/v1", "statefulsets");
    public static readonly ResourceKind Service = new("Service", "v1", "services");
    public static readonly ResourceKind ConfigMap = new("ConfigMap", "v1", "configmaps");
    public static readonly ResourceKind Namespace = new("Namespace", "v1", "namespaces");

    /// <summary>Collection path inside a namespace, e.g. /apis/apps/v1/namespaces/edgemano/deployments.</summary>
    public string CollectionPath(string ns) =>
        (ApiVersion.Contains('/') ? "/apis/" : "/api/") + ApiVersion + "/namespaces/" + ns + "/" + Plural;
}

/// <summary>
/// One server-side-apply body: only the fields the agent owns, as JSON (which is valid YAML, as
/// application/apply-patch+yaml expects). Built as a JSON tree, not a typed model, because an apply
/// body must name exactly the owned fields and the client's serializer for its models is not public.
/// </summary>
internal sealed record AppliedObject(ResourceKind Resource, string Namespace, string Name, JsonObject Body)
{
    public string Describe() => Describe(Resource, Namespace, Name);

    /// <summary><c>Deployment edgemano/em-n1-web</c>, or <c>Namespace edgemano</c> for a cluster-scoped object.</summary>
    public static string Describe(ResourceKind kind, string ns, string name) => ns.Length > 0 ? $"{kind.Kind} {ns}/{name}" : $"{kind.Kind} {name}";

    /// <summary>The body's text with its own fingerprint annotated, so an unchanged object can be left alone.</summary>
    public (string Json, string Hash) Render()
    {
        var hash = Fnv.Hex(Body.ToJsonString());
        var withHash = (JsonObject)Body.DeepClone();
        var metadata = (JsonObject)withHash["metadata"]!;
        if (metadata["annotations"] is not JsonObject annotations) metadata["annotations"] = annotations = [];
        annotations[KubernetesNaming.AppliedHashAnnotation] = hash;
        return (withHash.ToJsonString(), hash);
    }
}

/// <summary>Everything one workload becomes on the cluster.</summary>
internal sealed record WorkloadObjects(AppliedObject Workload, AppliedObject ConfigMap, AppliedObject? Service)
{
    public IEnumerable<AppliedObject> All()
    {
        // The ConfigMap first: the pods read it at start.
        yield return ConfigMap;
        if (Service is not null) yield return Service;
        yield return Workload;
    }
}
