using System.Text;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>Names and ownership labels of the containers the agent creates.</summary>
internal static class DockerNaming
{
    public const string ManagedLabel = "edgemano.managed";
    public const string NodeLabel = "edgemano.node";
    public const string WorkloadLabel = "edgemano.workload";
    public const string SpecHashLabel = "edgemano.spec-hash";

    /// <summary><c>em_{node}_{workload}</c>, reduced to the characters Docker allows in names.</summary>
    public static string ContainerName(string nodeId, string workload) => $"em_{Clean(nodeId)}_{Clean(workload)}";

    public static bool IsOwnedBy(IReadOnlyDictionary<string, string>? labels, string nodeId) =>
        labels is not null && labels.TryGetValue(NodeLabel, out var node) && node == nodeId;

    private static string Clean(string part)
    {
        var b = new StringBuilder(part.Length);
        foreach (var c in part)
            b.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        return b.ToString();
    }
}
