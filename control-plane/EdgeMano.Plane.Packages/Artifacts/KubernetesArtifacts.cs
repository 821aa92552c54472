using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Manifests;
using EdgeMano.Plane.Packages.Descriptors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Plane.Packages.Artifacts;

/// <summary>
/// Kubernetes manifests a package deploys as they are (SOL001 Vdu.Compute in Tacker's style,
/// own-format <c>manifests:</c>): kept raw and translated to workloads.
/// </summary>
internal static class KubernetesArtifacts
{
    /// <summary>Where Tacker packages keep their Kubernetes object files.</summary>
    public const string TackerFolder = "Files/kubernetes";

    /// <summary>Translates the files at <paramref name="paths"/> (all present, text) for one VDU.</summary>
    public static IReadOnlyList<WorkloadSpec> Translate(ReadContext context, IReadOnlyList<string> paths, string vdu, List<SourceFile> kept)
    {
        var sources = new List<SourceFile>();
        foreach (var path in paths)
        {
            var text = context.Files.Text(path, out var problem);
            if (text is null) context.Error(path, problem!);
            else sources.Add(new SourceFile(path, text));
        }
        kept.AddRange(sources.Where(s => kept.All(k => k.Path != s.Path)));
        if (sources.Count == 0) return [];
        var translated = ManifestsAdapter.FromManifests(sources, vdu);
        foreach (var error in translated.Errors) context.Add(error);
        foreach (var note in translated.Notes) context.Note(note);
        var origin = sources.Count == 1 ? sources[0].Path : string.Join(", ", sources.Select(s => s.Path));
        foreach (var workload in translated.Workloads)
            context.Workloads.Add(new WorkloadOrigin(vdu, workload, _ => new FieldLocation(null, origin, "")));
        return translated.Workloads;
    }

    /// <summary>
    /// Tacker's convention when the VNFD names no file: a VDU's <c>properties.name</c> equals the
    /// <c>metadata.name</c> of a Kubernetes object in the package's object files.
    /// </summary>
    public static List<string> FindByObjectName(ReadContext context, IEnumerable<string> candidates, string objectName) =>
        candidates.Where(path => ObjectNames(context, path).Contains(objectName)).ToList();

    /// <summary>The package's Kubernetes object files: Files/kubernetes/**.yaml.</summary>
    public static IEnumerable<string> TackerFiles(ReadContext context) =>
        context.Files.Paths.Where(p => p.StartsWith(TackerFolder + "/", StringComparison.Ordinal) && Archives.PackageFileSet.IsYaml(p));

    private static HashSet<string> ObjectNames(ReadContext context, string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (context.Files.Text(path, out _) is not { } text) return names;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return names; // the translation reports it, located
        }
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata)
                && metadata is YamlMappingNode meta
                && meta.Children.TryGetValue(new YamlScalarNode("name"), out var name)
                && name is YamlScalarNode { Value: { } value })
            {
                names.Add(value);
            }
        }
        return names;
    }
}
