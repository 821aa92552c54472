namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// Dotted paths into a document, e.g. <c>workloads[2].ports[0].hostPort</c>. The same syntax is
/// used by the validator on the model, so a YAML reader can map its errors back to lines.
/// </summary>
public static class YamlPath
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="path"/> or contains it.</summary>
    public static bool IsSelfOrAncestor(string ancestor, string path) =>
        ancestor.Length == 0
        || path == ancestor
        || (path.StartsWith(ancestor, StringComparison.Ordinal)
            && (path[ancestor.Length] == '.' || path[ancestor.Length] == '['));

    /// <summary>True when one path contains the other (or they are equal).</summary>
    public static bool Overlap(string a, string b) => IsSelfOrAncestor(a, b) || IsSelfOrAncestor(b, a);

    /// <summary>The enclosing path: <c>a.b[1].c</c> → <c>a.b[1]</c> → <c>a.b</c> → <c>a</c> → "".</summary>
    public static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut <= 0 ? "" : path[..cut];
    }
}
