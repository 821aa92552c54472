using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// Reads the header every Kubernetes object has (apiVersion, kind, metadata) and decides whether
/// the object takes part: Helm test hooks are skipped with a note, other Helm hooks are errors
/// (a container node has no install phases to run them in).
/// </summary>
internal static class ManifestObjectReader
{
    private const string HookAnnotation = "helm.sh/hook";

    public static ManifestObject? Read(SourceFile file, YamlDocumentReader reader, TranslationContext context)
    {
        if (reader.Root?.AsMapping(null) is not { } root) return null;
        var kind = root.String("kind", required: true);
        root.String("apiVersion", required: true);
        var metadata = root.Mapping("metadata", null, required: true);
        if (metadata?.Has("generateName") == true && !metadata.Has("name"))
            metadata.Get("generateName")!.Error("generateName cannot be translated for container nodes: a workload needs a fixed name; use metadata.name");
        var name = metadata?.Has("generateName") == true && !metadata.Has("name") ? null : metadata?.String("name", required: true);
        if (kind is null || name is null) return null;

        var annotations = (metadata!.StringMap("annotations") ?? []).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var obj = new ManifestObject
        {
            File = file,
            Reader = reader,
            Root = root,
            Kind = kind,
            Name = name,
            Namespace = metadata.String("namespace") ?? context.Options.DefaultNamespace,
            Metadata = metadata,
            Annotations = annotations,
        };
        if (!annotations.TryGetValue(HookAnnotation, out var hooks)) return obj;

        var hookPath = YamlPath.Child("metadata.annotations", HookAnnotation);
        var phases = hooks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (phases.All(p => p.StartsWith("test", StringComparison.Ordinal)))
        {
            context.Note(obj, hookPath, $"{obj.Describe()} is a Helm test hook ({hooks}); it runs only under 'helm test' and is skipped");
            return null;
        }
        obj.Error(hookPath, $"Helm hook '{hooks}' on {obj.Describe()} cannot be translated for container nodes: the agent has no install or upgrade phases to run hooks in");
        return null;
    }
}
