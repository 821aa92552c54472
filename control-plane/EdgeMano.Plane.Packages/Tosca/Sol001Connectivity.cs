using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>A port a connection point exposes on a VDU, and where it is written.</summary>
internal sealed record BoundPort(PortMapping Port, FieldLocation At);

/// <summary>Connection points by the VDU node template they bind to, with their ports.</summary>
internal sealed class Connectivity
{
    public Dictionary<string, List<BoundPort>> PortsByVduNode { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> PointsByVduNode { get; } = new(StringComparer.Ordinal);
    /// <summary>Connection point name → the VDU node template it binds to.</summary>
    public Dictionary<string, string> VduNodeOfPoint { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Virtual links (VnfVirtualLink) and connection points (VduCp, VirtualCp, VnfExtCp) with their
/// requirements checked by target type. Ports come from <c>additional_service_data[].port_data[]</c>
/// (SOL001 v4 ServicePortData: name, protocol, port), accepted on VduCp as on VirtualCp.
/// </summary>
internal static class Sol001Connectivity
{
    private static readonly string[] VduTypes = [ToscaTypes.DeployableUnit, ToscaTypes.Compute];
    private static readonly string[] TargetTypes = [ToscaTypes.DeployableUnit, ToscaTypes.Compute, ToscaTypes.Mciop];
    private static readonly string[] LinkTypes = [ToscaTypes.VirtualLink];

    public static Connectivity Read(ReadContext context, DescriptorModel model, Dictionary<string, ToscaNode> nodes)
    {
        var result = new Connectivity();
        foreach (var node in nodes.Values.Where(n => n.Is(ToscaTypes.VirtualLink)))
        {
            var protocols = node.Property("connectivity_type")?.AsMapping(null)?.StringList("layer_protocols") ?? [];
            model.VirtualLinks.Add(new VirtualLink { Name = node.Name, Description = node.String("description") ?? "", Protocols = new(protocols) });
        }
        foreach (var node in nodes.Values)
        {
            var (bindingRequirement, external) = node.BaseType switch
            {
                ToscaTypes.VduCp => ("virtual_binding", false),
                ToscaTypes.VirtualCp => ("target", false),
                ToscaTypes.ExtCp => ((string?)null, true),
                _ => ("", false),
            };
            if (bindingRequirement == "") continue;
            var vduNode = bindingRequirement is null ? null
                : Target(node, nodes, bindingRequirement, node.Is(ToscaTypes.VirtualCp) ? TargetTypes : VduTypes);
            var link = Target(node, nodes, external ? "internal_virtual_link" : "virtual_link", LinkTypes);
            var ports = ReadPorts(node);
            model.ConnectionPoints.Add(new ConnectionPoint
            {
                Name = node.Name, Vdu = vduNode, VirtualLink = link, External = external,
                Ports = new(ports.Select(p => new ServicePort(p.Name, p.Bound.Port.ContainerPort, p.Bound.Port.Protocol))),
            });
            if (vduNode is null) continue;
            result.VduNodeOfPoint[node.Name] = vduNode;
            Add(result.PointsByVduNode, vduNode, node.Name);
            foreach (var port in ports) Add(result.PortsByVduNode, vduNode, port.Bound);
        }
        return result;
    }

    /// <summary>The node a requirement points at, when it exists and has a fitting type (else reported).</summary>
    private static string? Target(ToscaNode node, Dictionary<string, ToscaNode> nodes, string requirement, string[] types)
    {
        var found = node.Requirements.Where(r => r.Name == requirement).ToList();
        foreach (var extra in found.Skip(1))
            extra.At.Error($"'{requirement}' is given twice; a connection point binds to one node");
        if (found.FirstOrDefault() is not { } first || !nodes.TryGetValue(first.Target, out var target)) return null;
        if (target.BaseType is null || types.Contains(target.BaseType)) return target.Name;
        first.At.Error($"requirement '{requirement}' must point at a {string.Join(" or ", types)}; '{target.Name}' is a {target.BaseType}");
        return null;
    }

    private static List<(string Name, BoundPort Bound)> ReadPorts(ToscaNode node)
    {
        var ports = new List<(string, BoundPort)>();
        foreach (var service in node.Property("additional_service_data")?.AsList() ?? [])
        {
            foreach (var data in service.AsMapping(null)?.List("port_data") ?? [])
            {
                if (data.AsMapping(["name", "protocol", "port", "port_configurable"]) is not { } m) continue;
                var name = m.String("name", required: true) ?? "";
                var protocolValue = m.Get("protocol", required: true);
                var protocol = protocolValue?.AsString()?.ToLowerInvariant();
                if (protocolValue is not null && protocol is not ("tcp" or "udp"))
                {
                    protocolValue.Error(protocol == "sctp" ? "SCTP ports are not supported on edge nodes; use TCP or UDP" : $"expected TCP or UDP, got '{protocolValue.AsString()}'");
                    continue;
                }
                var portValue = m.Get("port", required: true);
                if (portValue?.AsInt32(1, 65535) is not { } port || protocol is null) continue;
                ports.Add((name, new BoundPort(new PortMapping { ContainerPort = port, Protocol = protocol },
                    new FieldLocation(node.Reader, node.Template.File, portValue.Path))));
            }
        }
        return ports;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }
}
