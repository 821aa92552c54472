using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages;

/// <summary>
/// Where a field of a descriptor was written, kept with the model so that checks made later
/// (against the package catalog, at onboarding or instantiation) still point at the document.
/// </summary>
public sealed record DescriptorSpot(string File, int Line, int Column, string Path)
{
    public LocatedError Error(string message) => new(File, Line, Column, Path, message);
}

/// <summary>
/// A network service descriptor (NSD): CNFs taken from onboarded packages, the virtual links that
/// join them, and PNFs (fixed endpoints) they reach by name. Onboarded as a package whose
/// <see cref="CnfPackage.NetworkService"/> is set; instantiated by the plane as one deployment per CNF.
/// </summary>
public sealed record NetworkServiceDescriptor
{
    public ValueList<NsCnf> Cnfs { get; init; } = ValueList<NsCnf>.Empty;
    public ValueList<NsVirtualLink> VirtualLinks { get; init; } = ValueList<NsVirtualLink>.Empty;
    public ValueList<NsPnf> Pnfs { get; init; } = ValueList<NsPnf>.Empty;

    /// <summary>The links <paramref name="member"/> (a CNF or PNF name) is on, in descriptor order.</summary>
    public IEnumerable<NsVirtualLink> LinksOf(string member) => VirtualLinks.Where(l => l.Members.Contains(member));
}

/// <summary>One CNF of the service: a name unique in the service, and the package (name and version) it runs.</summary>
public sealed record NsCnf
{
    public required string Name { get; init; }
    public required string PackageName { get; init; }
    public required string PackageVersion { get; init; }
    /// <summary>Where the package reference is written (errors about the package point here).</summary>
    public required DescriptorSpot PackageAt { get; init; }
    public required DescriptorSpot At { get; init; }

    public string Package => $"{PackageName}@{PackageVersion}";
}

/// <summary>A virtual link: one container network on the node, joined by its member CNFs (and naming its PNFs).</summary>
public sealed record NsVirtualLink
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public ValueList<string> Members { get; init; } = ValueList<string>.Empty;
    public required DescriptorSpot At { get; init; }
}

/// <summary>A physical (or any fixed) network function: an address the CNFs resolve by name, and the ports it serves.</summary>
public sealed record NsPnf
{
    public required string Name { get; init; }
    public required string Address { get; init; }
    public ValueList<ServicePort> Ports { get; init; } = ValueList<ServicePort>.Empty;
    public required DescriptorSpot At { get; init; }
}
