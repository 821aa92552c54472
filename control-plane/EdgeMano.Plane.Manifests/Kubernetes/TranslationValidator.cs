using System.Globalization;
using System.Text.RegularExpressions;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// Runs the agent's <see cref="DesiredStateValidator"/> on the translated workloads (as one node
/// would receive them) and reports each finding at the manifest field that produced the value.
/// A finding on a field whose reading already failed is dropped: it would judge a placeholder.
/// </summary>
internal static partial class TranslationValidator
{
    [GeneratedRegex(@"^workloads\[(\d+)\]\.?(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkloadPath();

    [GeneratedRegex(@"workloads\[(\d+)\]((?:\.[A-Za-z0-9_]+|\[\d+\])*)", RegexOptions.CultureInvariant)]
    private static partial Regex WorkloadReference();

    public static IEnumerable<(SourceFile File, LocatedError Error)> Validate(IReadOnlyList<WorkloadSpec> workloads, IReadOnlyList<WorkloadDraft> drafts)
    {
        var state = new DesiredState { NodeId = "translation", Revision = 1, Workloads = new ValueList<WorkloadSpec>(workloads) };
        foreach (var finding in DesiredStateValidator.Validate(state))
        {
            var match = WorkloadPath().Match(finding.Path);
            if (!match.Success) continue;
            var draft = drafts[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)];
            var specPath = match.Groups[2].Value;
            var (origin, path) = draft.Locate(specPath);
            if (origin.Reader.ErrorPaths.Any(bad => YamlPath.Overlap(bad, path))) continue;
            var message = $"{Describe(draft, specPath)}: {Rewrite(finding.Message, drafts)}{PortHint(draft, specPath)}";
            yield return (origin.File, origin.At(path, message));
        }
    }

    private static string Describe(WorkloadDraft draft, string specPath) =>
        specPath.StartsWith("name", StringComparison.Ordinal) ? $"workload name '{draft.Name}'" : $"{draft.Describe()} (workload '{draft.Name}')";

    /// <summary>"workloads[0].ports[1]" in a message becomes the container and manifest line it stands for.</summary>
    private static string Rewrite(string message, IReadOnlyList<WorkloadDraft> drafts) =>
        WorkloadReference().Replace(message, m =>
        {
            var draft = drafts[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)];
            var (origin, path) = draft.Locate(m.Groups[2].Value.TrimStart('.'));
            var at = origin.Reader.PositionOf(path);
            return $"{draft.Describe()} ({origin.File.Path}:{origin.File.SourceLine(at.Line)})";
        });

    private static string PortHint(WorkloadDraft draft, string specPath)
    {
        if (!specPath.StartsWith("ports[", StringComparison.Ordinal)) return "";
        var index = int.Parse(specPath[6..specPath.IndexOf(']')], CultureInfo.InvariantCulture);
        return index < draft.Ports.Count && !draft.Ports[index].IsPublished
            ? "; a container port without hostPort is published on 127.0.0.1 at the same number so the node can reach it: give it a hostPort or a NodePort Service with another port"
            : "";
    }
}
