using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>The outcome of reading a desired-state file: a state only when there is no error.</summary>
public sealed record ParseResult(DesiredState? State, IReadOnlyList<LocatedError> Errors)
{
    public bool Succeeded => State is not null;
}

/// <summary>
/// Reads a desired-state YAML file (format: examples/README.md) into <see cref="DesiredState"/>,
/// then runs <see cref="DesiredStateValidator"/> and locates its findings in the file.
/// </summary>
public static class DesiredStateYaml
{
    public const string ApiVersion = "edgemano/v1";
    public const string Kind = "DesiredState";

    private static readonly string[] TopKeys = ["apiVersion", "kind", "nodeId", "revision", "workloads"];

    /// <param name="defaultNodeId">Used when the file has no nodeId (the agent's own id).</param>
    public static ParseResult Parse(string text, string fileName, string defaultNodeId)
    {
        var reader = YamlDocumentReader.Load(text, fileName);
        var state = reader.Root is { } root ? Read(root, defaultNodeId) : null;
        var errors = WorkloadDocument.ValidateLocated(reader, state);
        return new ParseResult(errors.Count == 0 ? state : null, errors);
    }

    private static DesiredState? Read(YamlValue root, string defaultNodeId)
    {
        var top = root.AsMapping(TopKeys);
        if (top is null) return null;

        WorkloadDocument.CheckExact(top, "apiVersion", ApiVersion);
        WorkloadDocument.CheckExact(top, "kind", Kind);
        var nodeId = top.String("nodeId") ?? defaultNodeId;
        // Revision 0 is how "absent" is passed on: the caller assigns the next one.
        var revision = top.Int64("revision", min: 1) ?? 0;
        var workloads = new List<WorkloadSpec>();
        foreach (var item in top.List("workloads") ?? [])
        {
            workloads.Add(WorkloadYamlReader.Read(item));
        }
        return new DesiredState { NodeId = nodeId, Revision = revision, Workloads = new ValueList<WorkloadSpec>(workloads) };
    }
}
