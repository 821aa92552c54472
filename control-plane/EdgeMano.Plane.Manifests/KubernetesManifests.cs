using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Manifests.Kubernetes;

namespace EdgeMano.Plane.Manifests;

/// <summary>
/// Kubernetes manifests (as Tacker's Kubernetes VNF packages ship them, or as a Helm chart renders)
/// translated into workloads for nodes that run plain containers (Docker, containerd, processes).
/// </summary>
/// <remarks>
/// <para>Kinds: Deployment, StatefulSet, ReplicaSet, DaemonSet and Pod become one workload per
/// container (<c>{namePrefix}-{metadata.name}</c>, plus <c>-{container}</c> when the pod has
/// several); ConfigMap and Secret feed <c>env</c>/<c>envFrom</c>; Service decides host ports
/// (NodePort/LoadBalancer) or is noted as DNS names (ClusterIP). ServiceAccount and RBAC kinds,
/// Namespace and PodDisruptionBudget are ignored with a note (they have no effect on a container
/// node). Any other kind is an error naming the kind and file. Helm test hooks are skipped (noted);
/// other Helm hooks are errors.</para>
/// <para>The rules per field are on <see cref="PodTranslator"/>, <see cref="ContainerTranslator"/>,
/// <see cref="EnvTranslator"/>, <see cref="ProbeTranslator"/>, <see cref="VolumeTranslator"/> and
/// <see cref="ServiceTranslator"/>. Whatever cannot be translated is a <see cref="LocatedError"/>
/// with the file, the line, the YAML path (<c>spec.template.spec.containers[0].volumeMounts[1]</c>)
/// and why; all of them are reported at once. The resulting workloads are checked with the agent's
/// validator and its findings are reported at the manifest field that produced the value.</para>
/// </remarks>
public static class KubernetesManifests
{
    /// <summary>Kinds with no effect on a container node, and why (the reason is the note's text).</summary>
    private static readonly Dictionary<string, string> IgnoredKinds = new(StringComparer.Ordinal)
    {
        ["ServiceAccount"] = "nothing on a container node authenticates to a Kubernetes API server",
        ["Role"] = "nothing on a container node authenticates to a Kubernetes API server",
        ["RoleBinding"] = "nothing on a container node authenticates to a Kubernetes API server",
        ["ClusterRole"] = "nothing on a container node authenticates to a Kubernetes API server",
        ["ClusterRoleBinding"] = "nothing on a container node authenticates to a Kubernetes API server",
        ["Namespace"] = "a namespace only scopes names; objects keep theirs when ConfigMaps, Secrets and Services are resolved",
        ["PodDisruptionBudget"] = "a single node has no voluntary evictions to budget",
    };

    /// <summary>Translates every YAML document of every file (multi-document files with <c>---</c>).</summary>
    public static ManifestTranslation ToWorkloads(IReadOnlyList<SourceFile> files, string namePrefix) =>
        ToWorkloads(files, namePrefix, ManifestOptions.Default);

    /// <inheritdoc cref="ToWorkloads(IReadOnlyList{SourceFile}, string)"/>
    public static ManifestTranslation ToWorkloads(IReadOnlyList<SourceFile> files, string namePrefix, ManifestOptions options)
    {
        var context = new TranslationContext(namePrefix, options);
        var readers = new List<(SourceFile File, YamlDocumentReader Reader)>();
        var objects = new List<ManifestObject>();
        foreach (var file in files)
        {
            foreach (var reader in ManifestDocuments.Load(file))
            {
                readers.Add((file, reader));
                if (ManifestObjectReader.Read(file, reader, context) is { } obj) objects.Add(obj);
            }
        }

        foreach (var obj in objects)
        {
            if (obj.Kind == "ConfigMap") context.Config.AddConfigMap(obj, context);
            if (obj.Kind == "Secret") context.Config.AddSecret(obj);
        }
        var drafts = new List<WorkloadDraft>();
        foreach (var obj in objects)
        {
            if (PodTranslator.Kinds.Contains(obj.Kind)) PodTranslator.Translate(obj, context, drafts);
            else if (IgnoredKinds.TryGetValue(obj.Kind, out var why))
                context.Note(obj, "kind", $"{obj.Describe()} is ignored: {why}");
            else if (obj.Kind is not ("ConfigMap" or "Secret" or "Service"))
                obj.Error("kind", $"kind '{obj.Kind}' cannot be translated for container nodes (in {obj.File.Path}); " +
                    $"supported: {string.Join(", ", PodTranslator.Kinds)}, Service, ConfigMap, Secret");
        }
        foreach (var service in objects.Where(o => o.Kind == "Service")) ServiceTranslator.Apply(service, drafts, context);

        var workloads = drafts.Select(d => d.ToSpec()).ToList();
        var located = readers.SelectMany(r => r.Reader.Errors.Select(e => (r.File, Error: e)))
            .Concat(TranslationValidator.Validate(workloads, drafts));
        var errors = InFileOrder(located, files);
        return new ManifestTranslation(errors.Count == 0 ? workloads : [], errors) { Notes = InFileOrder(context.Notes, files) };
    }

    /// <summary>By file (as given), then line; findings at one line keep the order they were found in.</summary>
    private static List<LocatedError> InFileOrder(IEnumerable<(SourceFile File, LocatedError Error)> items, IReadOnlyList<SourceFile> files)
    {
        var fileIndex = new Dictionary<SourceFile, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < files.Count; i++) fileIndex.TryAdd(files[i], i);
        return items
            .Select((x, order) => (Index: fileIndex.GetValueOrDefault(x.File), Order: order, Error: Remap(x.File, x.Error)))
            .OrderBy(x => x.Index).ThenBy(x => x.Error.Line).ThenBy(x => x.Order)
            .Select(x => x.Error)
            .ToList();
    }

    /// <summary>A rendered file's line becomes the template's line.</summary>
    /// <remarks>The template's column is not known (an action's output is longer than the action), so it is 1.</remarks>
    private static LocatedError Remap(SourceFile file, LocatedError error)
    {
        if (file.TemplateLines is null || error.Line == 0) return error;
        return error with { Line = file.SourceLine(error.Line), Column = 1 };
    }
}
