using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Descriptors;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>One requirement of a node template: its name and the node template it points at.</summary>
internal sealed record ToscaRequirement(string Name, string Target, YamlValue At);

/// <summary>
/// A node template with its resolved built-in type, its requirements, and property access that
/// resolves <c>{get_input: x}</c> to the input's default (onboarding has no instantiation inputs).
/// </summary>
internal sealed class ToscaNode
{
    private static readonly string[] NodeKeys =
        ["type", "description", "metadata", "directives", "properties", "attributes", "requirements", "capabilities", "interfaces", "artifacts", "node_filter", "copy"];

    private readonly YamlMapping? _inputs;

    private ToscaNode(string name, ToscaTemplate template, YamlMapping map, YamlMapping? inputs)
    {
        Name = name;
        Template = template;
        Map = map;
        _inputs = inputs;
    }

    public string Name { get; }
    public ToscaTemplate Template { get; }
    public YamlMapping Map { get; }
    public string TypeName { get; private set; } = "";
    /// <summary>The SOL001 built-in type this node's type is or derives from; null when unknown.</summary>
    public string? BaseType { get; private set; }
    public YamlMapping? Properties { get; private set; }
    public List<ToscaRequirement> Requirements { get; } = [];

    public string Path => Map.Path;
    public YamlDocumentReader Reader => Template.Reader;

    public FieldLocation At(string relative = "") =>
        new(Reader, Template.File, relative.Length == 0 ? Path : YamlPath.Child(Path, relative));

    public static ToscaNode? Read(string name, YamlValue value, ToscaTemplate template, YamlMapping? inputs, ToscaTypes types)
    {
        if (value.AsMapping(NodeKeys) is not { } map) return null;
        var node = new ToscaNode(name, template, map, inputs);
        var type = map.Get("type", required: true);
        node.TypeName = type?.AsString() ?? "";
        if (type is not null && node.TypeName.Length > 0)
        {
            node.BaseType = types.BaseNodeType(node.TypeName);
            if (node.BaseType is null && !types.IsDefined(node.TypeName))
                type.Error($"unknown node type '{node.TypeName}'{Suggestions.DidYouMean(node.TypeName, types.AllNodeTypes)}: define it in node_types or import its definition");
        }
        node.Properties = map.Mapping("properties", null);
        node.ReadRequirements();
        return node;
    }

    public bool Is(string builtInType) => BaseType == builtInType;

    /// <summary>A property's value, a get_input resolved to the input's default.</summary>
    public YamlValue? Property(string key, bool required = false)
    {
        var value = Properties?.Get(key) ?? (required ? RequiredMissing(key) : null);
        if (value?.Node is not YamlMappingNode map || !map.Children.ContainsKey(new YamlScalarNode("get_input"))) return value;
        var input = value.AsMapping(null)!.Get("get_input")?.AsString();
        if (input is not null && _inputs?.Get(input)?.AsMapping(null)?.Get("default") is { } fallback) return fallback;
        value.Error($"get_input '{input}' has no default: onboarding has no instantiation inputs, so give the value or a default");
        return null;
    }

    public string? String(string key, bool required = false) => Property(key, required)?.AsString();

    private YamlValue? RequiredMissing(string key)
    {
        var at = Properties?.Self ?? Map.Self;
        Reader.Report(at.Position, YamlPath.Child(Properties?.Path ?? YamlPath.Child(Path, "properties"), key), $"required property '{key}' is missing");
        return null;
    }

    private void ReadRequirements()
    {
        foreach (var item in Map.List("requirements") ?? [])
        {
            if (item.AsMapping(null) is not { } entry) continue;
            if (entry.Keys.Count != 1)
            {
                item.Error($"a requirement is one 'name: node' pair, got {entry.Keys.Count} keys");
                continue;
            }
            var name = entry.Keys[0];
            var value = entry.Get(name);
            if (value is null) continue;
            if (value.Node is YamlScalarNode)
            {
                if (value.AsString() is { Length: > 0 } target) Requirements.Add(new ToscaRequirement(name, target, value));
                continue;
            }
            // Extended notation; without 'node' the requirement is left to the orchestrator to fill.
            if (value.AsMapping(null)?.Get("node") is { } node && node.AsString() is { Length: > 0 } named)
                Requirements.Add(new ToscaRequirement(name, named, node));
        }
    }
}
