using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Descriptors;
using EdgeMano.Plane.Packages.Tosca;
using EdgeMano.Plane.Packages.Validation;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Plane.Packages.NetworkServices;

/// <summary>
/// Reads an ETSI GS NFV-SOL 001 NSD into the same model as the own format: the
/// <c>tosca.nodes.nfv.NS</c> node gives name (properties.name), version and designer; each
/// <c>tosca.nodes.nfv.VNF</c> node is a CNF whose package is product_name@software_version; each
/// <c>tosca.nodes.nfv.NsVirtualLink</c> is a virtual link whose members are the VNFs and PNFs whose
/// <c>virtual_link*</c> requirements point at it; a <c>tosca.nodes.nfv.PNF</c> needs an address, which
/// SOL001 does not model: EdgeMano reads it from the node's <c>metadata: {address, ports}</c>.
/// Node template names become CNF, PNF and link names ('_' read as '-', as they become DNS names).
/// </summary>
internal static class Sol001NsdReader
{
    private static readonly string[] TopologyKeys =
        ["description", "inputs", "node_templates", "relationship_templates", "outputs", "groups", "policies", "substitution_mappings", "workflows"];

    /// <summary>A TOSCA template with a node of type tosca.nodes.nfv.NS, or of a type it defines from it.</summary>
    public static bool Recognizes(YamlValue root)
    {
        if (root.Node is not YamlMappingNode top) return false;
        var nsTypes = new HashSet<string>(StringComparer.Ordinal) { ToscaTypes.Ns };
        if (Child(top, "node_types") is YamlMappingNode types)
        {
            for (var grown = true; grown;)
            {
                grown = false;
                foreach (var (key, value) in types.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && value is YamlMappingNode definition
                        && Child(definition, "derived_from") is YamlScalarNode { Value: { } parent } && nsTypes.Contains(parent))
                        grown |= nsTypes.Add(name);
                }
            }
        }
        return Child(top, "topology_template") is YamlMappingNode topology && Child(topology, "node_templates") is YamlMappingNode templates
            && templates.Children.Values.OfType<YamlMappingNode>().Any(t => Child(t, "type") is YamlScalarNode { Value: { } type } && nsTypes.Contains(type));
    }

    public static DescriptorModel Read(ReadContext context, YamlDocumentReader entry)
    {
        var model = new DescriptorModel(PackageFormat.Sol001);
        var documents = ToscaDocuments.Load(context, entry);
        if (documents.Templates.FirstOrDefault(t => t.File == entry.FileName) is not { } template) return model;
        if (template.Top.Mapping("topology_template", TopologyKeys) is not { } topology || topology.Mapping("node_templates", null) is not { } templates) return model;
        var inputs = topology.Mapping("inputs", null);
        var nodes = new List<ToscaNode>();
        foreach (var name in templates.Keys)
        {
            if (templates.Get(name) is { } value && ToscaNode.Read(name, value, template, inputs, documents.Types) is { } node) nodes.Add(node);
        }
        ReadNs(model, nodes.Where(n => n.Is(ToscaTypes.Ns)).ToList());

        var names = new Dictionary<string, ToscaNode>(StringComparer.Ordinal);
        var cnfs = new List<NsCnf>();
        var pnfs = new List<NsPnf>();
        var links = nodes.Where(n => n.Is(ToscaTypes.NsVirtualLink)).ToDictionary(n => n.Name, n => (Name: NameOf(n, "virtual link", names), Members: new List<string>()), StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Is(ToscaTypes.Vnf) && ReadVnf(node, names) is { } cnf) cnfs.Add(cnf);
            else if (node.Is(ToscaTypes.Pnf) && ReadPnf(node, names) is { } pnf) pnfs.Add(pnf);
            else if (node.BaseType is { } b && b != ToscaTypes.Ns && b != ToscaTypes.NsVirtualLink)
                context.Note(node.At("type").Error($"'{node.Name}' ({b}) is valid SOL001 but not used by EdgeMano in an NSD"));
            if (!node.Is(ToscaTypes.Vnf) && !node.Is(ToscaTypes.Pnf)) continue;
            foreach (var requirement in node.Requirements.Where(r => r.Name.StartsWith("virtual_link", StringComparison.Ordinal)))
            {
                if (links.TryGetValue(requirement.Target, out var link)) link.Members.Add(Member(node));
                else requirement.At.Error($"dangling requirement '{requirement.Name}': there is no tosca.nodes.nfv.NsVirtualLink node '{requirement.Target}'{Suggestions.DidYouMean(requirement.Target, links.Keys)}");
            }
        }
        if (cnfs.Count == 0 && !nodes.Any(n => n.Is(ToscaTypes.Vnf)))
            (topology.Get("node_templates") ?? topology.Self).Error("the NSD has no tosca.nodes.nfv.VNF node: a network service needs at least one CNF");
        model.NetworkService = new NetworkServiceDescriptor
        {
            Cnfs = new(cnfs), Pnfs = new(pnfs),
            VirtualLinks = new(nodes.Where(n => n.Is(ToscaTypes.NsVirtualLink)).Select(n => new NsVirtualLink
            {
                Name = links[n.Name].Name, Description = n.Map.String("description") ?? "", Members = new(links[n.Name].Members.Distinct()), At = Spot(n.Map.Self),
            })),
        };
        return model;
    }

    private static void ReadNs(DescriptorModel model, List<ToscaNode> nsNodes)
    {
        if (nsNodes.Count == 0) return; // recognized by its NS node, so only a derived type that does not resolve lands here: reported at the type
        foreach (var extra in nsNodes.Skip(1)) extra.Map.Self.Error($"a second NS node '{extra.Name}': an NSD describes one network service ('{nsNodes[0].Name}')");
        var ns = nsNodes[0];
        var name = ns.Property("name", required: true);
        model.Name = name?.AsString() ?? "";
        if (name is not null && !Names.IsDnsLabel(model.Name))
            name.Error($"'{model.Name}' is not a valid network service name: lowercase letters, digits and '-', at most {Names.MaxDnsLabel}");
        var version = ns.Property("version", required: true);
        model.Version = version?.AsString() ?? "";
        if (version is not null && Versions.Check(model.Version) is { } problem) version.Error(problem);
        model.Provider = ns.String("designer", required: true) ?? "";
        model.DescriptorId = ns.String("descriptor_id") ?? model.Name;
        model.Description = ns.Map.String("description") ?? "";
        model.NameAt = ns.At("properties.name");
        model.ProviderAt = ns.At("properties.designer");
    }

    private static NsCnf? ReadVnf(ToscaNode node, Dictionary<string, ToscaNode> names)
    {
        var name = NameOf(node, "CNF", names);
        var product = node.Property("product_name", required: true);
        var version = node.Property("software_version", required: true);
        if (product?.AsString() is not { } package || version?.AsString() is not { } text) return null;
        if (Versions.Check(text) is { } problem)
        {
            version.Error(problem);
            return null;
        }
        return new NsCnf { Name = name, PackageName = package, PackageVersion = text, PackageAt = Spot(product), At = Spot(node.Map.Self) };
    }

    private static NsPnf? ReadPnf(ToscaNode node, Dictionary<string, ToscaNode> names)
    {
        var name = NameOf(node, "PNF", names);
        var metadata = node.Map.Mapping("metadata", null);
        var addressValue = metadata?.Get("address");
        if (addressValue is null)
        {
            (metadata?.Self ?? node.Map.Self).Error($"PNF '{node.Name}' has no address: SOL001 does not model one, so give it as metadata: {{address: 192.0.2.10, ports: '9000/udp'}}");
            return null;
        }
        var address = addressValue.AsString() ?? "";
        if (!IpLiteral.IsValid(address))
        {
            addressValue.Error($"'{address}' is not an IPv4 or IPv6 address: a PNF is a fixed endpoint the CNFs find through /etc/hosts");
            return null;
        }
        var ports = new List<ServicePort>();
        if (metadata!.Get("ports") is { } portsValue && portsValue.AsString() is { } list)
        {
            foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var slash = part.IndexOf('/');
                var protocol = slash < 0 ? "tcp" : part[(slash + 1)..];
                if (int.TryParse(slash < 0 ? part : part[..slash], out var number) && number is >= 1 and <= 65535 && protocol is "tcp" or "udp" or "sctp")
                    ports.Add(new ServicePort("", number, protocol));
                else portsValue.Error($"'{part}' is not a port: write numbers 1-65535 separated by commas, optionally /tcp, /udp or /sctp");
            }
        }
        return new NsPnf { Name = name, Address = address, Ports = new(ports), At = Spot(node.Map.Self) };
    }

    /// <summary>A node template's name as a DNS label ('_' becomes '-'); duplicates across VNFs, PNFs and links are errors.</summary>
    private static string NameOf(ToscaNode node, string what, Dictionary<string, ToscaNode> names)
    {
        var name = Member(node);
        if (!Names.IsDnsLabel(name))
            node.Map.Self.Error($"node template '{node.Name}' cannot name a {what}: '{name}' is not a DNS label (lowercase letters, digits, '-' or '_', at most {Names.MaxDnsLabel})");
        else if (!names.TryAdd(name, node))
            node.Map.Self.Error($"node templates '{names[name].Name}' and '{node.Name}' both become the name '{name}'");
        return name;
    }

    private static string Member(ToscaNode node) => node.Name.Replace('_', '-');

    private static DescriptorSpot Spot(YamlValue value) => new(value.Reader.FileName, value.Position.Line, value.Position.Column, value.Path);

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}
