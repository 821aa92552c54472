using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Packages;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Plane.Core.Deployments;

/// <summary>A deployment document read: a spec only when there is no error.</summary>
public sealed record DeploymentParseResult(DeploymentSpec? Spec, IReadOnlyList<LocatedError> Errors);

/// <summary>
/// Reads a deployment (YAML or JSON: JSON is read as YAML, so both get line:column errors) with
/// the agent's workload reader and validator, reporting every problem at once (format: docs/api.md).
/// </summary>
public static class DeploymentYaml
{
    public const string ApiVersion = "edgemano/v1";
    public const string Kind = "Deployment";
    public const int MaxWorkloads = 100;

    private static readonly string[] TopKeys =
        ["apiVersion", "kind", "name", "selector", "workloads", "package", "workloadNames", "generation", "createdAt", "updatedAt", "nodes", "unplaced", "placement", "placementStatus", "rollout", "rolloutStatus"];

    private static readonly string[] PackageKeys = ["name", "version", "digest"];

    /// <param name="expectedName">The name from the request path; the document's name must match it when given.</param>
    public static DeploymentParseResult Parse(string text, string source, string? expectedName = null)
    {
        // A byte-order mark is how some editors start UTF-8 files; it is not part of the document.
        var reader = YamlDocumentReader.Load(text.TrimStart('\uFEFF'), source);
        var spec = reader.Root is { } root ? Read(root, expectedName) : null;
        if (reader.Root is null && !reader.HasErrors) reader.Report(new SourcePosition(1, 1), "", "the document is empty");
        var errors = WorkloadDocument.ValidateLocated(reader, spec is null ? null : AsDesiredState(spec));
        return new DeploymentParseResult(errors.Count == 0 ? spec : null, errors);
    }

    /// <summary>The node-independent checks (names, ports, probes) are the agent's rules for one node's list.</summary>
    private static DesiredState AsDesiredState(DeploymentSpec spec) =>
        new() { NodeId = "plane", Revision = 0, Workloads = spec.Workloads };

    private static DeploymentSpec? Read(YamlValue root, string? expectedName)
    {
        var top = root.AsMapping(TopKeys);
        if (top is null) return null;

        WorkloadDocument.CheckExact(top, "apiVersion", ApiVersion, required: false);
        WorkloadDocument.CheckExact(top, "kind", Kind, required: false);
        var name = ReadName(top, expectedName);
        var selector = ReadSelector(top);
        var placement = PlacementYaml.Read(top);
        var rollout = RolloutYaml.Read(top);
        if (top.Has("package"))
        {
            if (top.Has("workloads")) top.Get("workloads")!.Error("give either 'package' or 'workloads', not both");
            return new DeploymentSpec { Name = name ?? "", Selector = selector, Placement = placement, Rollout = rollout, Package = ReadPackage(top.Get("package")!) };
        }
        var workloads = new List<WorkloadSpec>();
        var items = top.List("workloads", required: true);
        foreach (var item in items ?? [])
        {
            workloads.Add(WorkloadYamlReader.Read(item));
        }
        if (items is { Count: 0 }) top.Get("workloads")!.Error("must list at least one workload");
        if (items is { Count: > MaxWorkloads }) top.Get("workloads")!.Error($"at most {MaxWorkloads} workloads, got {items.Count}");
        return new DeploymentSpec { Name = name ?? "", Selector = selector, Placement = placement, Rollout = rollout, Workloads = new ValueList<WorkloadSpec>(workloads) };
    }

    /// <summary>`package: {name, version}` or the short `package: name@version`.</summary>
    private static PackageRef? ReadPackage(YamlValue value) =>
        PackageReferenceYaml.Read(value, PackageKeys) is { } reference ? new PackageRef(reference.Name, reference.Version) : null;

    private static string? ReadName(YamlMapping top, string? expectedName)
    {
        var value = top.Get("name", required: expectedName is null);
        var name = value?.AsString();
        if (value is null || name is null)
        {
            // The path's name becomes the deployment's name, so it must pass the same rule as one
            // written in the body (the document has no name to point at: its start is used).
            if (expectedName is not null && !Names.IsDnsLabel(expectedName) && value is null)
                top.Self.Reader.Report(top.Self.Position, "name", $"{InvalidName(expectedName)} (taken from the request path)");
            return expectedName;
        }
        if (!Names.IsDnsLabel(name))
            value.Error(InvalidName(name));
        else if (expectedName is not null && name != expectedName)
            value.Error($"'{name}' does not match the name in the request path ('{expectedName}')");
        return name;
    }

    private static string InvalidName(string name) =>
        $"'{name}' is not a valid deployment name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {Names.MaxDnsLabel} characters";

    private static ValueMap ReadSelector(YamlMapping top)
    {
        var pairs = top.StringMap("selector");
        if (pairs is null) return ValueMap.Empty;
        var value = top.Get("selector")!;
        foreach (var (key, _) in pairs.Where(p => p.Key.Length == 0)) value.Error("selector keys must not be empty");
        return new ValueMap(pairs.Where(p => p.Key.Length > 0).GroupBy(p => p.Key).Select(g => g.Last()));
    }
}
