using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// What happens to each field of a Kubernetes mapping: translated (read by the caller), ignored
/// (it has no effect on a single node without a kubelet: scheduling, image pull policy, readiness),
/// or refused with a reason (its effect cannot be reproduced; dropping it would change the CNF).
/// A field not listed anywhere is refused too: it is safer to say "not translated" than to drop it.
/// </summary>
internal sealed class FieldPolicy(IReadOnlyCollection<string> translated, IReadOnlyCollection<string> ignored, IReadOnlyDictionary<string, string>? reasons = null)
{
    private const string DefaultReason = "the agent's workload model has no equivalent";

    /// <summary>Fields that may appear with an empty value (<c>securityContext: {}</c> as charts write it) but not with content.</summary>
    public IReadOnlyCollection<string> EmptyOnly { get; init; } = [];

    /// <summary>Reports every refused field of <paramref name="mapping"/>; returns the ignored ones present (for notes).</summary>
    public List<string> Check(YamlMapping mapping, string what)
    {
        var ignoredPresent = new List<string>();
        foreach (var key in mapping.Keys)
        {
            if (translated.Contains(key)) continue;
            if (ignored.Contains(key)) { ignoredPresent.Add(key); continue; }
            var value = mapping.Get(key);
            if (value is null || IsEmpty(value)) continue;
            var reason = reasons?.GetValueOrDefault(key)
                ?? (EmptyOnly.Contains(key) ? "the agent runs containers with the runtime's defaults and cannot apply these settings" : DefaultReason);
            value.Reader.Report(mapping.KeyPosition(key) ?? value.Position, value.Path,
                $"{what} field '{key}' cannot be translated for container nodes: {reason}");
        }
        return ignoredPresent;
    }

    private static bool IsEmpty(YamlValue value) => value.Node switch
    {
        YamlDotNet.RepresentationModel.YamlMappingNode m => m.Children.Count == 0,
        YamlDotNet.RepresentationModel.YamlSequenceNode s => s.Children.Count == 0,
        YamlDotNet.RepresentationModel.YamlScalarNode { Value: "false" } => true,
        _ => false,
    };
}
