using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// What every document that carries workloads shares (the agent's desired-state file, the plane's
/// deployments): fixed header checks and the semantic rules, located back in the document.
/// </summary>
public static class WorkloadDocument
{
    /// <summary>Reports an error at <paramref name="key"/> unless it holds exactly <paramref name="expected"/>.</summary>
    public static void CheckExact(YamlMapping top, string key, string expected, bool required = true)
    {
        var value = top.Get(key, required);
        if (value?.AsString() is { } text && text != expected)
            value.Error($"expected '{expected}', got '{text}'");
    }

    /// <summary>
    /// Runs <see cref="DesiredStateValidator"/> over <paramref name="state"/> (whose workloads were
    /// read from the document's top-level <c>workloads</c>) and returns the reader's errors plus
    /// the findings, each located in the document and in document order.
    /// </summary>
    public static IReadOnlyList<LocatedError> ValidateLocated(YamlDocumentReader reader, DesiredState? state)
    {
        var errors = new List<LocatedError>(reader.Errors);
        if (state is not null)
        {
            var unreadable = reader.ErrorPaths;
            var findings = DesiredStateValidator.Validate(state, path => unreadable.Any(bad => YamlPath.Overlap(bad, path)));
            errors.AddRange(findings.Select(f => Locate(reader, f)));
        }
        // Document order reads best; OrderBy is stable, so errors at one spot keep their order.
        return errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
    }

    private static LocatedError Locate(YamlDocumentReader reader, ValidationError finding)
    {
        var message = finding.Message;
        if (finding.RelatedPath is { } related && reader.WasRead(related))
            message += $" at line {reader.PositionOf(related).Line}";
        return reader.Locate(finding.Path, message);
    }
}
