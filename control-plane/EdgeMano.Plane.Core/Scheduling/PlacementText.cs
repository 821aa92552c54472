using System.Globalization;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>Operator wording for placement results: quantities as in Kubernetes ("512Mi", "500m") and short lists.</summary>
internal static class PlacementText
{
    /// <summary>How many refusals a shortfall names before "and N more": enough to see the pattern, short enough for a table cell.</summary>
    public const int ListedRejections = 5;

    public static string Bytes(long bytes)
    {
        const long Ki = 1024, Mi = Ki * 1024, Gi = Mi * 1024;
        return bytes switch
        {
            >= Gi => Scaled(bytes, Gi, "Gi"),
            >= Mi => Scaled(bytes, Mi, "Mi"),
            >= Ki => Scaled(bytes, Ki, "Ki"),
            _ => bytes.ToString(CultureInfo.InvariantCulture) + "B",
        };
    }

    public static string Millis(long millis) => millis.ToString(CultureInfo.InvariantCulture) + "m";

    public static string Selector(ValueMap selector) => string.Join(",", selector.Select(p => $"{p.Key}={p.Value}"));

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    /// <summary>"cannot place 2 of 3: 4 nodes match selector site=a; edge-1: ...; and 3 more".</summary>
    public static string Shortfall(PlacementRequest request, int chosen, int matched, IReadOnlyList<NodeRejection> rejections)
    {
        var wanted = request.Placement.Count;
        var head = wanted > 0 ? $"cannot place {wanted - chosen} of {wanted}" : "cannot place";
        var parts = new List<string> { $"{head}: {Matched(request.Selector, matched)}" };
        foreach (var rejection in rejections.Take(ListedRejections)) parts.Add($"{rejection.Node}: {rejection.Reason}");
        if (rejections.Count > ListedRejections) parts.Add($"and {rejections.Count - ListedRejections} more");
        if (rejections.Count == 0 && matched > 0) parts.Add(matched == 1 ? "it is used" : $"all {matched} are used");
        return string.Join("; ", parts);
    }

    /// <summary>"3 nodes whose memory is unknown (they report none): a, b, c": placed, but unchecked.</summary>
    public static string UncheckedCapacity(string dimension, IReadOnlyList<string> nodes)
    {
        var named = string.Join(", ", nodes.Take(ListedRejections));
        var more = nodes.Count > ListedRejections ? $" and {nodes.Count - ListedRejections} more" : "";
        return $"{dimension} not checked on {Nodes(nodes.Count)} that report{(nodes.Count == 1 ? "s" : "")} no {dimension} capacity: {named}{more}";
    }

    private static string Matched(ValueMap selector, int matched)
    {
        if (selector.Count == 0) return matched == 0 ? "the fleet has no nodes" : $"{Nodes(matched)} in the fleet";
        var text = Selector(selector);
        return matched == 0 ? $"no node matches selector {text}" : $"{Nodes(matched)} match{(matched == 1 ? "es" : "")} selector {text}";
    }

    private static string Nodes(int n) => n == 1 ? "1 node" : $"{n} nodes";

    private static string Scaled(long value, long unit, string suffix) =>
        (value / (double)unit).ToString("0.#", CultureInfo.InvariantCulture) + suffix;
}
