using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Csar;

/// <summary>Where a package's descriptor is, and its manifest when it has one.</summary>
internal sealed record PackageLayout(string Entry, CsarManifest? Manifest);

/// <summary>
/// Finds the entry definitions the way SOL004 §4.3 does: TOSCA-Metadata/TOSCA.meta names them; a
/// package without that directory has exactly one YAML file at its root, and its manifest, if any,
/// has the same base name with ".mf". Every digest the manifest or TOSCA.meta lists is verified,
/// and files the manifest does not list are noted.
/// </summary>
internal static class CsarLayout
{
    public static PackageLayout? Resolve(ReadContext context, PackageContainer container, string inputName)
    {
        var files = context.Files;
        if (container == PackageContainer.SingleFile) return new PackageLayout(files.Paths.Single(), null);
        var layout = files.Contains(ToscaMeta.Path) ? FromMeta(context) : FromRoot(context, inputName);
        if (layout?.Manifest is { } manifest)
        {
            ArtifactVerifier.Verify(context, manifest.Artifacts);
            NoteUnlisted(context, manifest);
        }
        return layout;
    }

    private static PackageLayout? FromMeta(ReadContext context)
    {
        var meta = ToscaMeta.Read(context);
        if (meta is null) return null;
        ArtifactVerifier.Verify(context, meta.Artifacts);
        foreach (var key in new[] { "ETSI-Entry-Change-Log", "ETSI-Entry-Licenses", "ETSI-Entry-Certificate" })
            RequirePresent(context, meta, key, allowDirectory: key == "ETSI-Entry-Licenses");
        CsarManifest? manifest = null;
        if (RequirePresent(context, meta, "ETSI-Entry-Manifest", allowDirectory: false) is { } manifestPath)
            manifest = CsarManifest.Read(context, manifestPath);
        if (meta.Entry("Entry-Definitions") is not { } entryLine) return null;
        var entry = PackageFileSet.Normalize(entryLine.Value);
        if (entry is null || !context.Files.Contains(entry))
        {
            context.Error(ToscaMeta.Path, $"missing entry definitions: '{entryLine.Value}' is not in the package",
                "Entry-Definitions", entryLine.Line, entryLine.ValueColumn);
            return null;
        }
        return new PackageLayout(entry, manifest);
    }

    private static string? RequirePresent(ReadContext context, ToscaMeta meta, string key, bool allowDirectory)
    {
        if (meta.Entry(key) is not { } line) return null;
        var path = PackageFileSet.Normalize(line.Value);
        if (path is not null && (context.Files.Contains(path) || (allowDirectory && context.Files.IsDirectory(path)))) return path;
        context.Error(ToscaMeta.Path, $"missing artifact: '{line.Value}' ({key}) is not in the package", key, line.Line, line.ValueColumn);
        return null;
    }

    private static PackageLayout? FromRoot(ReadContext context, string inputName)
    {
        var files = context.Files;
        if (files.IsDirectory("TOSCA-Metadata"))
        {
            context.Error(ToscaMeta.Path, "the package has a TOSCA-Metadata directory but no TOSCA.meta in it");
            return null;
        }
        var yamls = files.RootFiles.Where(PackageFileSet.IsYaml).ToList();
        if (yamls.Count != 1)
        {
            var found = yamls.Count == 0 ? "none" : string.Join(", ", yamls);
            var hint = files.Contains("Chart.yaml")
                ? "this looks like a Helm chart, not a package: reference it from a descriptor (kind: CnfPackage, charts:)"
                : "add TOSCA-Metadata/TOSCA.meta with Entry-Definitions, or keep exactly one YAML file at the package root";
            context.Error(inputName, $"cannot tell which file is the descriptor: YAML files at the package root: {found}; {hint}");
            return null;
        }
        var entry = yamls[0];
        var expectedManifest = entry[..entry.LastIndexOf('.')] + ".mf";
        CsarManifest? manifest = null;
        if (files.Contains(expectedManifest)) manifest = CsarManifest.Read(context, expectedManifest);
        else if (files.RootFiles.FirstOrDefault(f => f.EndsWith(".mf", StringComparison.OrdinalIgnoreCase)) is { } other)
            context.Error(other, $"the manifest must have the descriptor's base name: rename it to '{expectedManifest}'");
        return new PackageLayout(entry, manifest);
    }

    private static void NoteUnlisted(ReadContext context, CsarManifest manifest)
    {
        var listed = manifest.Artifacts.Select(a => PackageFileSet.Normalize(a.Source.Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var path in context.Files.Paths)
        {
            if (path == manifest.Path || path == ToscaMeta.Path || listed.Contains(path)) continue;
            if (path.EndsWith(".cert", StringComparison.OrdinalIgnoreCase)) continue;
            context.Note(path, $"not listed in the manifest {manifest.Path}: its integrity is not covered by it");
        }
    }
}
