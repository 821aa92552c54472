using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Descriptors;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>
/// Reads an ETSI GS NFV-SOL 001 (v2.5–v4.x) containerized VNFD: the VNF node's identity, then the
/// node templates of the deployment flavour (the entry's own topology and, when the entry only
/// imports flavour files as Tacker's packages do, the one flavour selected by flavour_id).
/// </summary>
internal static class Sol001Reader
{
    private static readonly string[] TopologyKeys =
        ["description", "inputs", "node_templates", "relationship_templates", "outputs", "groups", "policies", "substitution_mappings", "workflows"];

    public static DescriptorModel Read(ReadContext context, YamlDocumentReader entry)
    {
        var model = new DescriptorModel(PackageFormat.Sol001);
        var documents = ToscaDocuments.Load(context, entry);
        if (documents.Templates.FirstOrDefault(t => t.File == entry.FileName) is not { } entryTemplate) return model;
        var entryTopology = entryTemplate.Top.Mapping("topology_template", TopologyKeys);
        if (entryTopology is null)
        {
            if (!entry.ErrorPaths.Contains("topology_template")) entryTemplate.Top.Self.Error("the VNFD has no topology_template");
            return model;
        }
        var nodes = new Dictionary<string, ToscaNode>(StringComparer.Ordinal);
        var vnfNodes = new List<ToscaNode>();
        AddNodes(entryTemplate, entryTopology, documents.Types, nodes, vnfNodes);
        if (SelectFlavour(documents, entryTopology, vnfNodes) is { } flavour)
            AddNodes(flavour.Template, flavour.Topology, documents.Types, nodes, vnfNodes);

        ReadVnf(model, vnfNodes, documents.Types, entryTopology);
        CheckDangling(nodes);
        var connectivity = Sol001Connectivity.Read(context, model, nodes);
        Sol001Vdus.Read(context, model, nodes, connectivity, documents.Types);
        foreach (var node in nodes.Values.Where(n => n.BaseType is { } b && ToscaTypes.IsIgnored(b)))
            context.Note(node.At("type").Error($"'{node.Name}' ({node.BaseType}) is valid SOL001 but not used by EdgeMano"));
        return model;
    }

    private static void AddNodes(ToscaTemplate template, YamlMapping topology, ToscaTypes types, Dictionary<string, ToscaNode> nodes, List<ToscaNode> vnfNodes)
    {
        var inputs = topology.Mapping("inputs", null);
        if (topology.Mapping("node_templates", null) is not { } templates) return;
        foreach (var name in templates.Keys)
        {
            if (templates.Get(name) is not { } value || ToscaNode.Read(name, value, template, inputs, types) is not { } node) continue;
            if (node.Is(ToscaTypes.Vnf))
            {
                vnfNodes.Add(node);
                continue;
            }
            if (!nodes.TryAdd(name, node))
                value.Error($"duplicate node template '{name}': {nodes[name].At().Describe()} already defines it");
        }
    }

    private sealed record Flavour(string Id, ToscaTemplate Template, YamlMapping Topology);

    /// <summary>
    /// SOL001 §6.11: one service template per deployment flavour, with substitution_mappings. The
    /// entry's VNF flavour_id picks one; one flavour alone is taken; EdgeMano onboards one flavour.
    /// </summary>
    private static Flavour? SelectFlavour(ToscaDocuments documents, YamlMapping entryTopology, List<ToscaNode> entryVnfs)
    {
        var flavours = new List<Flavour>();
        foreach (var template in documents.Templates.Skip(1))
        {
            if (template.Top.Get("topology_template") is not { } value || value.AsMapping(TopologyKeys) is not { } topology) continue;
            if (topology.Mapping("substitution_mappings", null) is not { } mappings) continue;
            var id = mappings.Mapping("properties", null)?.String("flavour_id") ?? FlavourOfVnfNode(topology) ?? "";
            flavours.Add(new Flavour(id, template, topology));
        }
        if (flavours.Count <= 1) return flavours.FirstOrDefault();
        var wanted = entryVnfs.FirstOrDefault() is { } vnf && vnf.Properties?.Get("flavour_id") is { } raw
            && raw.Node is YamlDotNet.RepresentationModel.YamlScalarNode ? raw.AsString() : null;
        if (wanted is not null && flavours.FirstOrDefault(f => f.Id == wanted) is { } chosen) return chosen;
        var at = entryVnfs.FirstOrDefault()?.At("properties.flavour_id") ?? new FieldLocation(entryTopology.Self.Reader, entryTopology.Self.Reader.FileName, entryTopology.Path);
        entryTopology.Self.Reader.Report(at.Reader!.PositionOf(at.Path), at.Path,
            $"the VNFD has {flavours.Count} deployment flavours ({string.Join(", ", flavours.Select(f => $"'{f.Id}' in {f.Template.File}"))}); "
            + (wanted is null ? "EdgeMano onboards one: set the VNF's flavour_id to one of them" : $"none is '{wanted}'"));
        return null;
    }

    private static string? FlavourOfVnfNode(YamlMapping topology)
    {
        var templates = topology.Mapping("node_templates", null);
        foreach (var name in templates?.Keys ?? [])
        {
            if (templates!.Mapping(name, null)?.Mapping("properties", null)?.Get("flavour_id") is { Node: YamlDotNet.RepresentationModel.YamlScalarNode } id)
                return id.AsString();
        }
        return null;
    }

    /// <summary>The VNF's identity: each property from the entry's VNF node, else the flavour's, else the type's default.</summary>
    private static void ReadVnf(DescriptorModel model, List<ToscaNode> vnfNodes, ToscaTypes types, YamlMapping entryTopology)
    {
        if (vnfNodes.Count == 0)
        {
            var at = entryTopology.Get("node_templates") ?? entryTopology.Self;
            at.Error("no node template of type tosca.nodes.nfv.VNF (or derived from it): the VNFD must describe the VNF");
            return;
        }
        foreach (var extra in vnfNodes.Skip(1).Where(n => n.Name != vnfNodes[0].Name))
            extra.Map.Self.Error($"a second VNF node '{extra.Name}': a VNFD describes one VNF ('{vnfNodes[0].Name}')");
        var main = vnfNodes[0];
        string Property(string key, bool version)
        {
            var value = vnfNodes.Select(n => n.Properties?.Get(key) is null ? null : n.Property(key)).FirstOrDefault(v => v is not null)
                ?? types.PropertyDefault(main.TypeName, key);
            if (value is null)
            {
                main.Property(key, required: true);
                return "";
            }
            var text = value.AsString() ?? "";
            if (version && Versions.Check(text) is { } problem) value.Error(problem);
            else if (text.Trim().Length == 0) value.Error("must not be empty");
            return text;
        }
        model.DescriptorId = Property("descriptor_id", version: false);
        model.Provider = Property("provider", version: false);
        model.Name = Property("product_name", version: false);
        Property("descriptor_version", version: true);
        model.Version = Property("software_version", version: true);
        model.Description = main.Map.String("description") ?? "";
        model.NameAt = main.At("properties.product_name");
        model.ProviderAt = main.At("properties.provider");
    }

    private static void CheckDangling(Dictionary<string, ToscaNode> nodes)
    {
        foreach (var node in nodes.Values)
        {
            foreach (var requirement in node.Requirements.Where(r => !nodes.ContainsKey(r.Target)))
            {
                requirement.At.Error($"dangling requirement '{requirement.Name}': there is no node template '{requirement.Target}'"
                    + Suggestions.DidYouMean(requirement.Target, nodes.Keys));
            }
        }
    }
}
