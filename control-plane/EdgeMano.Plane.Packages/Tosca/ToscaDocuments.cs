using System.Text.RegularExpressions;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>One service template file of a VNFD.</summary>
internal sealed record ToscaTemplate(string File, YamlDocumentReader Reader, YamlMapping Top);

/// <summary>
/// A VNFD's service templates: the entry definitions and every file it imports, resolved inside
/// the package relative to the importing file. The ETSI SOL001 type files may be absent (their
/// types are built in); any other import must be present. Type definitions are collected from all.
/// </summary>
internal sealed partial class ToscaDocuments
{
    private static readonly string[] Versions = ["tosca_simple_yaml_1_2", "tosca_simple_yaml_1_3"];

    private static readonly string[] TopKeys =
    [
        "tosca_definitions_version", "namespace", "metadata", "description", "dsl_definitions", "repositories", "imports",
        "artifact_types", "data_types", "capability_types", "interface_types", "relationship_types", "node_types",
        "group_types", "policy_types", "topology_template",
    ];

    private static readonly string[] ImportKeys = ["file", "repository", "namespace_prefix", "namespace_uri"];

    private readonly ReadContext _context;
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    private ToscaDocuments(ReadContext context) => _context = context;

    /// <summary>Entry first, then imports depth-first in the order written.</summary>
    public List<ToscaTemplate> Templates { get; } = [];

    public ToscaTypes Types { get; } = new();

    [GeneratedRegex(@"^etsi_nfv_sol001_(common|vnfd|nsd|pnfd)_types(_v?[0-9][0-9._]*)?\.yaml$", RegexOptions.CultureInvariant)]
    private static partial Regex EtsiTypesFile();

    public static bool IsEtsiTypesFile(string reference) => EtsiTypesFile().IsMatch(PackageFileSet.FileName(reference));

    public static bool Recognizes(YamlValue root) =>
        root.Node is YamlDotNet.RepresentationModel.YamlMappingNode map
        && map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Any(k => k.Value == "tosca_definitions_version");

    public static ToscaDocuments Load(ReadContext context, YamlDocumentReader entry)
    {
        var documents = new ToscaDocuments(context);
        documents.Add(entry);
        documents.Types.CheckDefinitions();
        return documents;
    }

    private void Add(YamlDocumentReader reader)
    {
        if (!_visited.Add(reader.FileName) || reader.Root?.AsMapping(TopKeys) is not { } top) return;
        var version = top.Get("tosca_definitions_version", required: true);
        if (version?.AsString() is { } text && !Versions.Contains(text))
            version.Error($"unsupported tosca_definitions_version '{text}'; expected {string.Join(" or ", Versions)} (SOL001 v2.5 to v4.x)");
        Templates.Add(new ToscaTemplate(reader.FileName, reader, top));
        Define(top, "node_types", artifact: false);
        Define(top, "artifact_types", artifact: true);
        foreach (var item in top.Get("imports")?.AsList() ?? []) Import(reader, item);
    }

    private void Import(YamlDocumentReader importer, YamlValue item)
    {
        var at = item;
        string? reference;
        if (item.Node is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            reference = item.AsString();
        }
        else
        {
            var m = item.AsMapping(ImportKeys);
            at = m?.Get("file", required: true) ?? item;
            reference = at == item ? null : at.AsString();
            if (m?.Get("repository") is { } repository)
            {
                if (reference is not null && IsEtsiTypesFile(reference)) return;
                repository.Error("imports from a repository are not fetched at onboarding; ship the file in the package");
                return;
            }
        }
        if (reference is null) return;
        if (IsEtsiTypesFile(reference) && (reference.Contains("://", StringComparison.Ordinal) || Resolve(importer, reference) is not { } present || !_context.Files.Contains(present)))
            return; // the ETSI types are built in
        if (reference.Contains("://", StringComparison.Ordinal))
        {
            at.Error($"'{reference}' is outside the package: imports are not fetched at onboarding; ship the file in the package");
            return;
        }
        var path = Resolve(importer, reference);
        if (path is null)
        {
            at.Error($"'{reference}' is not a path inside the package");
            return;
        }
        if (IsEtsiTypesFile(path)) return; // shipped, but the built-in types are authoritative
        if (!_context.Files.Contains(path))
        {
            at.Error($"missing import: '{path}' is not in the package");
            return;
        }
        if (_context.Load(path, new FieldLocation(importer, importer.FileName, at.Path)) is { } reader) Add(reader);
    }

    private static string? Resolve(YamlDocumentReader importer, string reference) => PackageFileSet.Resolve(importer.FileName, reference);

    private void Define(YamlMapping top, string key, bool artifact)
    {
        if (top.Mapping(key, null) is not { } types) return;
        foreach (var name in types.Keys)
        {
            var value = types.Get(name);
            if (value is null) continue;
            var definition = value.AsMapping(null);
            Types.Define(new ToscaTypeDefinition(name, definition?.Get("derived_from")?.AsString(), value,
                definition?.Mapping("properties", null)), artifact);
        }
    }
}
