using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Csar;
using EdgeMano.Plane.Packages.Descriptors;
using EdgeMano.Plane.Packages.NetworkServices;
using EdgeMano.Plane.Packages.Osm;
using EdgeMano.Plane.Packages.Tosca;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages;

/// <summary>
/// Onboarding's one entry point: unpack the input, find the descriptor (SOL004 layout), verify
/// the manifest's digests, read the descriptor in whichever format it is, translate every VDU to
/// workloads and check them together. Every error is reported at once, each with its file, path,
/// line and column; a package is returned only when there is none.
/// </summary>
public static class PackageReader
{
    public static PackageReadResult Read(PackageInput input)
    {
        var archiveErrors = new List<LocatedError>();
        var opened = ArchiveReader.Open(input, archiveErrors);
        if (opened is null) return new PackageReadResult(null, archiveErrors);

        var context = new ReadContext(opened.Files);
        var layout = CsarLayout.Resolve(context, opened.Container, input.Name);
        var model = layout is null ? null : ReadDescriptor(context, layout.Entry);
        if (model is not null)
        {
            PackageValidator.Validate(context);
            if (layout!.Manifest is { } manifest) CheckManifestMetadata(context, manifest, model);
        }
        var errors = context.Errors;
        if (errors.Count > 0 || model is null || layout is null) return new PackageReadResult(null, errors);
        return new PackageReadResult(Build(opened, layout, model, context), []);
    }

    private static DescriptorModel? ReadDescriptor(ReadContext context, string entry)
    {
        if (context.Load(entry) is not { Root: { } root } reader) return null;
        if (ToscaDocuments.Recognizes(root)) return Sol001NsdReader.Recognizes(root) ? Sol001NsdReader.Read(context, reader) : Sol001Reader.Read(context, reader);
        if (NetworkServiceReader.Recognizes(root)) return NetworkServiceReader.Read(reader);
        if (OsmKnfReader.Recognizes(root)) return OsmKnfReader.Read(context, reader);
        if (EdgeManoDescriptorReader.Recognizes(root)) return EdgeManoDescriptorReader.Read(context, reader);
        root.Error("not a known descriptor: expected tosca_definitions_version (ETSI SOL001 VNFD), vnfd or vnfd-catalog (OSM KNF), "
            + $"or apiVersion: {EdgeManoDescriptorReader.ApiVersion} with kind: {EdgeManoDescriptorReader.Kind} (a CNF) or {NetworkServiceReader.Kind} (a network service)");
        return null;
    }

    /// <summary>SOL004 §4.3.2: the manifest's product and provider are the VNFD's.</summary>
    private static void CheckManifestMetadata(ReadContext context, CsarManifest manifest, DescriptorModel model)
    {
        Compare("vnf_product_name", model.Name, model.NameAt, "name");
        Compare("vnf_provider_id", model.Provider, model.ProviderAt, "provider");

        void Compare(string key, string actual, FieldLocation? descriptorAt, string what)
        {
            if (manifest.Metadata(key) is not { } line || actual.Length == 0 || line.Value == actual) return;
            var where = descriptorAt is { } at ? $" ({at.Describe()})" : "";
            context.Error(manifest.Path, $"{key} '{line.Value}' does not match the descriptor's {what} '{actual}'{where}",
                "metadata." + key, line.Line, line.ValueColumn);
        }
    }

    private static CnfPackage Build(OpenedInput opened, PackageLayout layout, DescriptorModel model, ReadContext context) => new()
    {
        DescriptorId = model.DescriptorId,
        Name = model.Name,
        Version = model.Version,
        Provider = model.Provider,
        Description = model.Description,
        Format = model.Format,
        Container = opened.Container,
        Digest = PackageDigest.Compute(opened.Files.All),
        EntryDefinitions = layout.Entry,
        Vdus = new ValueList<PackageVdu>(model.Vdus),
        VirtualLinks = new ValueList<VirtualLink>(model.VirtualLinks),
        ConnectionPoints = new ValueList<ConnectionPoint>(model.ConnectionPoints),
        Charts = new ValueList<PackageChart>(model.Charts),
        Manifests = new(model.Manifests),
        Files = new ValueList<PackageFile>(opened.Files.All.Select(f => new PackageFile(f.Key, f.Value))),
        NetworkService = model.NetworkService,
        Notes = new ValueList<LocatedError>(context.Notes.OrderBy(n => n.File, StringComparer.Ordinal).ThenBy(n => n.Line).ThenBy(n => n.Column)),
    };
}
