using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>A pod volume that became a node directory, or null when it could not (already reported).</summary>
internal sealed record PodVolume(string Name, string? NodePath, string SourcePath);

/// <summary>
/// Pod <c>volumes</c> and container <c>volumeMounts</c> into bind mounts. <c>hostPath</c> mounts
/// its path; <c>emptyDir</c> mounts <c>{EmptyDirRoot}/{workload}/{volume}</c> when the caller set
/// <see cref="ManifestOptions.EmptyDirRoot"/>, and is an error otherwise. Every other source
/// (configMap, secret, persistentVolumeClaim, projected, ...) is an error: the agent mounts node
/// directories only and does not project API objects into files.
/// </summary>
internal static class VolumeTranslator
{
    private static readonly string[] MountKeys = ["name", "mountPath", "readOnly", "subPath", "subPathExpr", "mountPropagation", "recursiveReadOnly"];

    public static Dictionary<string, PodVolume> ReadVolumes(YamlMapping podSpec, ManifestObject obj, string podName, TranslationContext context)
    {
        var volumes = new Dictionary<string, PodVolume>(StringComparer.Ordinal);
        foreach (var item in podSpec.List("volumes") ?? [])
        {
            if (item.AsMapping(null) is not { } m || m.String("name", required: true) is not { } name) continue;
            var source = m.Keys.FirstOrDefault(k => k != "name");
            string? nodePath = null;
            var sourcePath = source is null ? item.Path : YamlPath.Child(item.Path, source);
            switch (source)
            {
                case "hostPath":
                    var hostPath = m.Mapping("hostPath", ["path", "type"]);
                    nodePath = hostPath?.String("path", required: true);
                    if (hostPath?.Get("path") is { } p) sourcePath = p.Path;
                    break;
                case "emptyDir":
                    nodePath = EmptyDir(m, name, podName, obj, context);
                    break;
                case null:
                    item.Error($"volume '{name}' has no source (hostPath or emptyDir on container nodes)");
                    break;
                default:
                    m.Get(source)!.Error($"volume '{name}' ({source}) cannot be translated for container nodes: {Why(source)}");
                    break;
            }
            volumes[name] = new PodVolume(name, nodePath, sourcePath);
        }
        return volumes;
    }

    private static string? EmptyDir(YamlMapping volume, string name, string podName, ManifestObject obj, TranslationContext context)
    {
        var emptyDir = volume.Mapping("emptyDir", ["medium", "sizeLimit"]);
        if (emptyDir?.String("medium") is "Memory")
        {
            emptyDir.Get("medium")!.Error($"volume '{name}' (emptyDir, medium Memory) cannot be translated for container nodes: the agent mounts node directories, not tmpfs");
            return null;
        }
        if (context.Options.EmptyDirRoot is not { } root)
        {
            volume.Get("emptyDir")!.Error(
                $"volume '{name}' (emptyDir) cannot be translated for container nodes: no node directory is set for emptyDir volumes " +
                "(ManifestOptions.EmptyDirRoot); use a hostPath volume");
            return null;
        }
        context.Note(obj, volume.Path, $"volume '{name}' (emptyDir) is the node directory {root.TrimEnd('/')}/{context.WorkloadName(podName, null)}/{name}; it is not emptied when the workload restarts");
        return $"{root.TrimEnd('/')}/{context.WorkloadName(podName, null)}/{name}";
    }

    private static string Why(string source) => source switch
    {
        "configMap" or "secret" or "projected" or "downwardAPI" =>
            "the agent does not project API objects into files; install the files on the node and use a hostPath volume",
        "persistentVolumeClaim" or "ephemeral" => "there is no volume provisioner on a container node; use a hostPath volume",
        _ => "the agent mounts node directories only (hostPath, emptyDir)",
    };

    public static void ReadMounts(YamlMapping container, IReadOnlyDictionary<string, PodVolume> volumes, WorkloadDraft draft)
    {
        foreach (var item in container.List("volumeMounts") ?? [])
        {
            if (item.AsMapping(MountKeys) is not { } m) continue;
            var name = m.String("name", required: true);
            var target = m.String("mountPath", required: true);
            if (m.String("subPathExpr") is { Length: > 0 })
                m.Get("subPathExpr")!.Error("subPathExpr cannot be translated for container nodes: it expands pod fields at mount time; use subPath");
            if (m.String("mountPropagation") is { } propagation && propagation != "None")
                m.Get("mountPropagation")!.Error($"mountPropagation {propagation} cannot be translated for container nodes: the agent's mounts are private");
            if (name is null || target is null) continue;
            if (!volumes.TryGetValue(name, out var volume))
            {
                m.Get("name")!.Error($"volume '{name}' is not declared in the pod's volumes");
                continue;
            }
            if (volume.NodePath is null) continue;
            var source = m.String("subPath") is { Length: > 0 } sub ? volume.NodePath.TrimEnd('/') + "/" + sub : volume.NodePath;
            var index = draft.Mounts.Count;
            draft.Mounts.Add(new MountSpec { Source = source, Target = target, ReadOnly = m.Bool("readOnly") ?? false });
            draft.Origin($"mounts[{index}]", item.Path);
            draft.Origin($"mounts[{index}].source", volume.SourcePath);
            draft.Origin($"mounts[{index}].target", YamlPath.Child(item.Path, "mountPath"));
        }
    }
}
