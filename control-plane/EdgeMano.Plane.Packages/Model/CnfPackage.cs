using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Packages;

/// <summary>The descriptor language a package was written in.</summary>
public enum PackageFormat { EdgeMano, Sol001, OsmKnf }

/// <summary>How the package arrived: an archive (a SOL004 CSAR zip, or an OSM tar.gz), a directory, or one descriptor file.</summary>
public enum PackageContainer { Csar, Directory, SingleFile }

/// <summary>What a VDU's workloads were made from.</summary>
public enum VduSource { Workload, OsContainers, HelmChart, KubernetesManifests }

/// <summary>
/// One onboarded CNF, whatever format it came in: the descriptor's identity, the deployable units
/// (each already translated to the agent's workloads), their connectivity and the raw artifacts.
/// Content-addressed by <see cref="Digest"/>.
/// </summary>
public sealed record CnfPackage
{
    public required string DescriptorId { get; init; }
    /// <summary>metadata.name; SOL001 product_name; OSM product-name (legacy: name).</summary>
    public required string Name { get; init; }
    /// <summary>metadata.version; SOL001 software_version; OSM version.</summary>
    public required string Version { get; init; }
    public required string Provider { get; init; }
    public string Description { get; init; } = "";
    public required PackageFormat Format { get; init; }
    public required PackageContainer Container { get; init; }
    /// <summary>"sha256:" + hex over every file's path and bytes, in path order (see PackageDigest).</summary>
    public required string Digest { get; init; }
    /// <summary>The descriptor file the package was read from (its path inside the package).</summary>
    public required string EntryDefinitions { get; init; }
    public ValueList<PackageVdu> Vdus { get; init; } = ValueList<PackageVdu>.Empty;
    public ValueList<VirtualLink> VirtualLinks { get; init; } = ValueList<VirtualLink>.Empty;
    public ValueList<ConnectionPoint> ConnectionPoints { get; init; } = ValueList<ConnectionPoint>.Empty;
    public ValueList<PackageChart> Charts { get; init; } = ValueList<PackageChart>.Empty;
    /// <summary>Kubernetes manifests the package deploys as they are (Vdu.Compute nodes, own-format manifests).</summary>
    public ValueList<SourceFile> Manifests { get; init; } = ValueList<SourceFile>.Empty;
    public ValueList<PackageFile> Files { get; init; } = ValueList<PackageFile>.Empty;
    /// <summary>Findings that do not stop onboarding (a file the manifest does not list, an ignored node).</summary>
    public ValueList<LocatedError> Notes { get; init; } = ValueList<LocatedError>.Empty;
    /// <summary>
    /// Set when the package is a network service descriptor (NSD): it then deploys nothing itself
    /// (no VDUs) and is instantiated as one deployment per CNF (docs/network-services.md).
    /// </summary>
    public NetworkServiceDescriptor? NetworkService { get; init; }

    public bool IsNetworkService => NetworkService is not null;

    /// <summary>Every workload of every VDU, in VDU order.</summary>
    public IEnumerable<WorkloadSpec> Workloads => Vdus.SelectMany(v => v.Workloads);
}

/// <summary>
/// A deployable unit (SOL001 VDU, OSM KDU, one own-format workload or chart). A VDU with several
/// OS containers, or a chart rendering several, carries several workloads.
/// </summary>
public sealed record PackageVdu
{
    public required string Name { get; init; }
    public required VduSource Source { get; init; }
    public ValueList<WorkloadSpec> Workloads { get; init; } = ValueList<WorkloadSpec>.Empty;
    public int MinInstances { get; init; } = 1;
    public int MaxInstances { get; init; } = 1;
    /// <summary>Names of the connection points bound to this VDU.</summary>
    public ValueList<string> ConnectionPoints { get; init; } = ValueList<string>.Empty;
    /// <summary>The chart (by <see cref="PackageChart.Name"/>) the workloads were rendered from, if any.</summary>
    public string? Chart { get; init; }
}

public sealed record VirtualLink
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public ValueList<string> Protocols { get; init; } = ValueList<string>.Empty;
}

/// <summary>A port a connection point exposes (SOL001 ServicePortData, own-format port).</summary>
public sealed record ServicePort(string Name, int Port, string Protocol);

/// <summary>
/// A VDU's (or, when <see cref="External"/>, the CNF's) attachment to a virtual link.
/// <see cref="Vdu"/> is null for an external point not bound to one VDU.
/// </summary>
public sealed record ConnectionPoint
{
    public required string Name { get; init; }
    public string? Vdu { get; init; }
    public string? VirtualLink { get; init; }
    public bool External { get; init; }
    public ValueList<ServicePort> Ports { get; init; } = ValueList<ServicePort>.Empty;
}

/// <summary>
/// A Helm chart shipped in (or referenced by) the package. <see cref="Files"/> holds an unpacked
/// chart's files relative to its root, <see cref="Archive"/> a packed one; a chart only referenced
/// from a repository has neither.
/// </summary>
public sealed record PackageChart
{
    public required string Name { get; init; }
    public string Version { get; init; } = "";
    /// <summary>Path in the package (directory or .tgz), or "repo/chart" for a repository chart.</summary>
    public required string Source { get; init; }
    public string? Repository { get; init; }
    public ValueList<PackageFile> Files { get; init; } = ValueList<PackageFile>.Empty;
    public PackageFile? Archive { get; init; }
    /// <summary>The chart's default values.yaml, or the package's override values file when one is given.</summary>
    public string? Values { get; init; }
    public string? Vdu { get; init; }
}

/// <summary>One file of a package; equal when path and bytes are equal.</summary>
public sealed record PackageFile(string Path, byte[] Content)
{
    public bool Equals(PackageFile? other) =>
        other is not null && Path == other.Path && Content.AsSpan().SequenceEqual(other.Content);

    public override int GetHashCode() => HashCode.Combine(Path, Content.Length);
}
