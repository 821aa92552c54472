using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>A node or artifact type a package defines (<c>node_types</c>, <c>artifact_types</c>).</summary>
internal sealed record ToscaTypeDefinition(string Name, string? DerivedFrom, YamlValue At, YamlMapping? Properties);

/// <summary>
/// The type system a VNFD is checked against: the SOL001 v4 (and TOSCA root) types built in, so
/// the ETSI type files may be missing from a package, plus every type the package defines. A
/// template's type is resolved to the built-in type it derives from.
/// </summary>
internal sealed class ToscaTypes
{
    public const string Vnf = "tosca.nodes.nfv.VNF";
    public const string OsContainer = "tosca.nodes.nfv.Vdu.OsContainer";
    public const string DeployableUnit = "tosca.nodes.nfv.Vdu.OsContainerDeployableUnit";
    public const string Compute = "tosca.nodes.nfv.Vdu.Compute";
    public const string Mciop = "tosca.nodes.nfv.Mciop";
    public const string VirtualLink = "tosca.nodes.nfv.VnfVirtualLink";
    public const string VduCp = "tosca.nodes.nfv.VduCp";
    public const string VirtualCp = "tosca.nodes.nfv.VirtualCp";
    public const string ExtCp = "tosca.nodes.nfv.VnfExtCp";
    public const string SwImage = "tosca.artifacts.nfv.SwImage";
    public const string HelmChart = "tosca.artifacts.nfv.HelmChart";
    public const string Ns = "tosca.nodes.nfv.NS";
    public const string NsVirtualLink = "tosca.nodes.nfv.NsVirtualLink";
    public const string Pnf = "tosca.nodes.nfv.PNF";
    public const string Sap = "tosca.nodes.nfv.Sap";

    /// <summary>SOL001 NSD node types (an NSD composes VNFs, PNFs and NS virtual links; see NetworkServices/Sol001NsdReader).</summary>
    public static readonly string[] NsdNodes = [Ns, NsVirtualLink, Pnf, Sap];

    /// <summary>Node types EdgeMano turns into the package model.</summary>
    public static readonly string[] Used = [Vnf, OsContainer, DeployableUnit, Compute, Mciop, VirtualLink, VduCp, VirtualCp, ExtCp];

    /// <summary>SOL001 node types that are valid but mean nothing to an edge node (VM storage, sub-ports...).</summary>
    private static readonly string[] Ignored =
    [
        "tosca.nodes.Root", "tosca.nodes.nfv.Cp", "tosca.nodes.nfv.Vdu.VirtualBlockStorage", "tosca.nodes.nfv.Vdu.VirtualObjectStorage",
        "tosca.nodes.nfv.Vdu.VirtualFileStorage", "tosca.nodes.nfv.VipCp", "tosca.nodes.nfv.VduSubCp", "tosca.nodes.nfv.DeployableModule",
        "tosca.nodes.nfv.PaasServiceRequest", "tosca.nodes.nfv.PaasServiceProfile", "tosca.nodes.nfv.Certificate",
        "tosca.nodes.nfv.VirtualisedResourceDescriptorProfile",
    ];

    private static readonly string[] BuiltInArtifacts =
    [
        SwImage, HelmChart, "tosca.artifacts.nfv.HelmParamMappingScript", "tosca.artifacts.nfv.HelmParamMappingRule",
        "tosca.artifacts.nfv.LcmOpParameterMappingScript", "tosca.artifacts.Root", "tosca.artifacts.File", "tosca.artifacts.Deployment",
        "tosca.artifacts.Deployment.Image", "tosca.artifacts.Deployment.Image.VM", "tosca.artifacts.Implementation",
        "tosca.artifacts.Implementation.Bash", "tosca.artifacts.Implementation.Python", "tosca.artifacts.Template",
    ];

    private readonly Dictionary<string, ToscaTypeDefinition> _nodeTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ToscaTypeDefinition> _artifactTypes = new(StringComparer.Ordinal);

    /// <summary>True when the package defines the node type (its derived_from errors are reported at the definition).</summary>
    public bool IsDefined(string name) => _nodeTypes.ContainsKey(name);

    public static bool IsIgnored(string builtIn) => Ignored.Contains(builtIn);

    public static IEnumerable<string> BuiltInNodes => Used.Concat(Ignored).Concat(NsdNodes);

    public IEnumerable<string> AllNodeTypes => BuiltInNodes.Concat(_nodeTypes.Keys);

    /// <summary>Adds a definition; a second definition of one name is an error at the second.</summary>
    public void Define(ToscaTypeDefinition definition, bool artifact)
    {
        var table = artifact ? _artifactTypes : _nodeTypes;
        var builtIn = artifact ? BuiltInArtifacts.Contains(definition.Name) : BuiltInNodes.Contains(definition.Name);
        if (builtIn) return; // a package that ships the ETSI type files redefines them: fine
        if (!table.TryAdd(definition.Name, definition))
            definition.At.Error($"type '{definition.Name}' is defined twice (first in {table[definition.Name].At.Reader.FileName}:{table[definition.Name].At.Position.Line})");
    }

    /// <summary>Reports definitions whose derived_from is unknown or loops.</summary>
    public void CheckDefinitions()
    {
        foreach (var (table, builtIn) in new[] { (_nodeTypes, BuiltInNodes.ToArray()), (_artifactTypes, BuiltInArtifacts) })
        {
            foreach (var definition in table.Values)
            {
                if (definition.DerivedFrom is not { } parent)
                {
                    definition.At.Error($"type '{definition.Name}' needs derived_from (e.g. tosca.nodes.nfv.VNF)");
                    continue;
                }
                if (!builtIn.Contains(parent) && !table.ContainsKey(parent))
                {
                    var at = definition.At.AsMapping(null)?.Get("derived_from") ?? definition.At;
                    at.Error($"unknown type '{parent}'{Suggestions.DidYouMean(parent, builtIn.Concat(table.Keys))}");
                }
                else if (Walk(table, builtIn, definition.Name).Loops)
                {
                    definition.At.Error($"type '{definition.Name}' derives from itself (derived_from loops)");
                }
            }
        }
    }

    /// <summary>The built-in node type <paramref name="name"/> is or derives from; null if unknown.</summary>
    public string? BaseNodeType(string name) => Resolve(_nodeTypes, BuiltInNodes.ToArray(), name);

    public string? BaseArtifactType(string name) => Resolve(_artifactTypes, BuiltInArtifacts, name);

    /// <summary>A property's <c>default</c> in the type or its ancestors (Tacker puts descriptor_id there).</summary>
    public YamlValue? PropertyDefault(string type, string property)
    {
        for (var name = type; name is not null && _nodeTypes.TryGetValue(name, out var definition); name = definition.DerivedFrom)
        {
            if (definition.Properties?.Get(property)?.AsMapping(null)?.Get("default") is { } value) return value;
        }
        return null;
    }

    private static string? Resolve(Dictionary<string, ToscaTypeDefinition> table, string[] builtIn, string name) =>
        Walk(table, builtIn, name).Base;

    /// <summary>Follows derived_from to a built-in type; stops at an unknown name or a loop.</summary>
    private static (string? Base, bool Loops) Walk(Dictionary<string, ToscaTypeDefinition> table, string[] builtIn, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = name; ;)
        {
            if (builtIn.Contains(current)) return (current, false);
            if (!seen.Add(current)) return (null, true);
            if (!table.TryGetValue(current, out var definition) || definition.DerivedFrom is null) return (null, false);
            current = definition.DerivedFrom;
        }
    }
}
