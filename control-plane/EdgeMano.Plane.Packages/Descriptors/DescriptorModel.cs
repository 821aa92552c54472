using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Packages.Descriptors;

/// <summary>
/// What a format reader found in a descriptor; the package reader adds the container, files and
/// digest. Readers fill it even when they report errors, so every check still runs.
/// </summary>
internal sealed class DescriptorModel(PackageFormat format)
{
    public PackageFormat Format { get; } = format;
    public string DescriptorId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Description { get; set; } = "";
    public List<PackageVdu> Vdus { get; } = [];
    public List<VirtualLink> VirtualLinks { get; } = [];
    public List<ConnectionPoint> ConnectionPoints { get; } = [];
    public List<PackageChart> Charts { get; } = [];
    public List<SourceFile> Manifests { get; } = [];
    /// <summary>Set when the descriptor is a network service (NSD) rather than a CNF.</summary>
    public NetworkServiceDescriptor? NetworkService { get; set; }

    /// <summary>Where the package's name, provider and version are written, for manifest cross-checks.</summary>
    public FieldLocation? NameAt { get; set; }
    public FieldLocation? ProviderAt { get; set; }
}
