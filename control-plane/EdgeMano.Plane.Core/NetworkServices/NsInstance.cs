using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Packages;

namespace EdgeMano.Plane.Core.NetworkServices;

/// <summary>
/// An instantiated network service (SOL005's NS instance, kept minimal): which NSD it came from,
/// where it runs, and the ordinary deployments it was expanded into (one per CNF).
/// </summary>
public sealed record NsInstance
{
    public required string Name { get; init; }
    public required PackageRef Nsd { get; init; }
    public string NsdDigest { get; init; } = "";
    /// <summary>The nodes the service runs on: every CNF's deployment has this selector.</summary>
    public ValueMap Selector { get; init; } = ValueMap.Empty;
    /// <summary>The node asked for by id, when the request named one (<see cref="Selector"/> is then its labels).</summary>
    public string Node { get; init; } = "";
    public ValueList<NsInstanceCnf> Cnfs { get; init; } = ValueList<NsInstanceCnf>.Empty;
    public ValueList<NsInstanceLink> Links { get; init; } = ValueList<NsInstanceLink>.Empty;
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One CNF of an instance: its package and the deployment that runs it.</summary>
public sealed record NsInstanceCnf(string Name, PackageRef Package, string Deployment);

/// <summary>A virtual link of an instance: the container network it became on the node, and its members.</summary>
public sealed record NsInstanceLink(string Name, string Network, ValueList<string> Members);

/// <summary>What an operator asks for: instantiate NSD <see cref="Nsd"/> as <see cref="Name"/> on the nodes selected.</summary>
public sealed record NsInstantiateRequest
{
    public required string Name { get; init; }
    public required PackageRef Nsd { get; init; }
    public ValueMap Selector { get; init; } = ValueMap.Empty;
    /// <summary>A node id instead of a selector: the service goes to that node (and only that node) by its labels.</summary>
    public string? Node { get; init; }
}
