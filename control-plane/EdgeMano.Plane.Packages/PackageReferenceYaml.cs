using EdgeMano.Agent.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Plane.Packages;

/// <summary>A package reference as deployments and NSDs write it: <c>NAME@VERSION</c>, or a mapping with name and version.</summary>
public static class PackageReferenceYaml
{
    /// <summary>The name and version, or null with the error recorded on <paramref name="value"/>.</summary>
    /// <param name="mappingKeys">Keys the mapping form may have (name and version at least).</param>
    public static (string Name, string Version)? Read(YamlValue value, string[] mappingKeys)
    {
        string? name, version;
        if (value.Node is YamlScalarNode)
        {
            var text = value.AsString() ?? "";
            var at = text.LastIndexOf('@');
            (name, version) = at > 0 && at < text.Length - 1 ? (text[..at], text[(at + 1)..]) : (null, null);
            if (name is null || version is null)
            {
                value.Error($"'{text}' is not a package reference: write NAME@VERSION, e.g. edge-web@1.2.0, or {{name: ..., version: ...}}");
                return null;
            }
        }
        else
        {
            if (value.AsMapping(mappingKeys) is not { } map) return null;
            name = map.String("name", required: true);
            version = map.String("version", required: true);
            if (name is null || version is null) return null;
        }
        return (name, version);
    }
}
