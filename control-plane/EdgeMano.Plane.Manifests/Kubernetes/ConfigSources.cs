using System.Text;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// The ConfigMaps and Secrets shipped in the same manifest set, by namespace and name: what
/// <c>env.valueFrom</c> and <c>envFrom</c> resolve against. Secret <c>data</c> is base64-decoded;
/// <c>stringData</c> is plain and wins over <c>data</c>, as the API server merges them.
/// </summary>
internal sealed class ConfigSources
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), Dictionary<string, string>> _sources = [];

    public void AddConfigMap(ManifestObject obj, TranslationContext context)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj.Root.StringMap("data") ?? []) data[key] = value;
        if (obj.Root.Has("binaryData"))
            context.Note(obj, "binaryData", $"{obj.Describe()}: binaryData is not usable as environment variables and is ignored");
        _sources[("ConfigMap", obj.Namespace, obj.Name)] = data;
    }

    public void AddSecret(ManifestObject obj)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.Root.Mapping("data", null) is { } encoded)
        {
            foreach (var key in encoded.Keys)
            {
                if (encoded.Get(key) is not { } value || value.AsString() is not { } text) continue;
                var buffer = new byte[text.Length];
                if (Convert.TryFromBase64String(text.Trim(), buffer, out var length))
                    data[key] = Encoding.UTF8.GetString(buffer, 0, length);
                else
                    value.Error("is not valid base64: Secret data values are base64-encoded (put plain text under stringData)");
            }
        }
        foreach (var (key, value) in obj.Root.StringMap("stringData") ?? []) data[key] = value;
        _sources[("Secret", obj.Namespace, obj.Name)] = data;
    }

    public IReadOnlyDictionary<string, string>? Find(string kind, string @namespace, string name) =>
        _sources.GetValueOrDefault((kind, @namespace, name));

    /// <summary>
    /// Resolves a <c>configMapKeyRef</c>/<c>secretKeyRef</c> (or, without a key, an <c>envFrom</c>
    /// source), reporting at <paramref name="at"/> when it is missing and not optional.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Resolve(string kind, YamlMapping reference, string @namespace, out bool optional)
    {
        optional = reference.Bool("optional") ?? false;
        var name = reference.String("name", required: true);
        if (name is null) return null;
        if (Find(kind, @namespace, name) is { } found) return found;
        if (!optional)
        {
            reference.Get("name")!.Error(
                $"{kind} '{name}' is not in this manifest set (namespace {@namespace}): on container nodes values are resolved from the ConfigMaps and Secrets shipped with the package");
        }
        return null;
    }
}
