using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;

namespace EdgeMano.Plane.Core.NetworkServices;

/// <summary>A parsed instantiation request, or every located error (nothing happens then).</summary>
public sealed record NsRequestParseResult(NsInstantiateRequest? Request, IReadOnlyList<LocatedError> Errors);

/// <summary>
/// The body of <c>POST /api/v1/ns_instances</c>, JSON or YAML:
/// <c>{name, nsd: NAME@VERSION | {name, version}, selector: {k: v} | "k=v,...", node: ID}</c>,
/// with a selector or a node (not both).
/// </summary>
public static class NsRequestYaml
{
    private static readonly string[] Keys = ["name", "nsd", "nsdId", "selector", "node", "description"];
    private static readonly string[] RefKeys = ["name", "version"];

    public static NsRequestParseResult Parse(string text, string source)
    {
        var reader = YamlDocumentReader.Load(text, source);
        var request = reader.Root?.AsMapping(Keys) is { } top ? Read(top) : null;
        return reader.HasErrors || request is null ? new(null, reader.Errors) : new(request, []);
    }

    private static NsInstantiateRequest? Read(YamlMapping top)
    {
        var nameValue = top.Get("name", required: true);
        var name = nameValue?.AsString();
        if (nameValue is not null && name is not null && !Names.IsDnsLabel(name))
            nameValue.Error($"'{name}' is not a valid NS instance name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {Names.MaxDnsLabel} characters (it prefixes the deployments, networks and DNS names it creates)");
        // SOL005 names the descriptor nsdId; both spellings are read.
        var nsdValue = top.Get("nsd") ?? top.Get("nsdId");
        if (nsdValue is null) top.Get("nsd", required: true);
        var nsd = nsdValue is null ? null : ReadRef(nsdValue);

        var selector = ValueMap.Empty;
        if (top.Get("selector") is { } selectorValue)
        {
            if (selectorValue.Node is YamlDotNet.RepresentationModel.YamlScalarNode)
            {
                if (LabelSelector.TryParse(selectorValue.AsString() ?? "", out selector) is { } problem) selectorValue.Error(problem);
            }
            else if (selectorValue.AsStringMap() is { } pairs)
            {
                foreach (var _ in pairs.Where(p => p.Key.Length == 0)) selectorValue.Error("selector keys must not be empty");
                selector = new ValueMap(pairs.Where(p => p.Key.Length > 0).GroupBy(p => p.Key).Select(g => g.Last()));
            }
        }
        var nodeValue = top.Get("node");
        var node = nodeValue?.AsString();
        if (nodeValue is not null && node is not null && top.Has("selector"))
            nodeValue.Error("give a selector or a node, not both");
        else if (nodeValue is not null && node is not null && !Names.IsNodeId(node))
            nodeValue.Error($"'{node}' is not a node id");
        if (name is null || nsd is null) return null;
        return new NsInstantiateRequest { Name = name, Nsd = nsd, Selector = selector, Node = node };
    }

    private static PackageRef? ReadRef(YamlValue value)
    {
        if (value.Node is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            var text = value.AsString() ?? "";
            var at = text.LastIndexOf('@');
            if (at > 0 && at < text.Length - 1) return new PackageRef(text[..at], text[(at + 1)..]);
            value.Error($"'{text}' is not an NSD reference: write NAME@VERSION, e.g. web-service@1.0.0, or {{name: ..., version: ...}}");
            return null;
        }
        if (value.AsMapping(RefKeys) is not { } map) return null;
        var name = map.String("name", required: true);
        var version = map.String("version", required: true);
        return name is null || version is null ? null : new PackageRef(name, version);
    }
}
