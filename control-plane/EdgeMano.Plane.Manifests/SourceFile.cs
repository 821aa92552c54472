using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests;

/// <summary>
/// One text file of a package, by its path inside the package (used in every error about it).
/// </summary>
/// <remarks>
/// A file rendered from a Helm template carries <see cref="TemplateLines"/>: for each rendered line
/// (index 0 = line 1) the template line that produced it. Errors found in the rendered text are
/// then reported at the template's line, which is the one an operator can edit.
/// </remarks>
public sealed record SourceFile(string Path, string Text)
{
    /// <summary>Rendered line → template line (1-based values); null for a file that was not rendered.</summary>
    public ValueList<int>? TemplateLines { get; init; }

    /// <summary>The line to report for <paramref name="line"/> of <see cref="Text"/>.</summary>
    public int SourceLine(int line) =>
        TemplateLines is { } map && line >= 1 && line <= map.Count ? map[line - 1] : line;
}

/// <summary>
/// The workloads a manifest set translates to, and every reason it does not translate.
/// <see cref="Workloads"/> is empty whenever <see cref="Errors"/> is not: a partial set would run a
/// CNF without the parts that failed.
/// </summary>
public sealed record ManifestTranslation(IReadOnlyList<WorkloadSpec> Workloads, IReadOnlyList<LocatedError> Errors)
{
    /// <summary>
    /// What was translated with a loss an operator should know about but that does not stop the
    /// deployment: ClusterIP services (DNS names only), ignored kinds and fields, Helm test hooks.
    /// </summary>
    public IReadOnlyList<LocatedError> Notes { get; init; } = [];

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Choices a caller makes for things a container node can do in more than one way.</summary>
public sealed record ManifestOptions
{
    public static readonly ManifestOptions Default = new();

    /// <summary>
    /// Absolute node directory under which <c>emptyDir</c> volumes become bind mounts:
    /// <c>{EmptyDirRoot}/{namePrefix}-{metadata.name}/{volume}</c>, shared by the pod's containers.
    /// Null (the default): an <c>emptyDir</c> volume is an error, because the plane does not know
    /// where a node keeps workload data and nothing would remove the directory.
    /// </summary>
    public string? EmptyDirRoot { get; init; }

    /// <summary>Namespace of objects that name none (as <c>kubectl apply</c> without <c>-n</c>).</summary>
    public string DefaultNamespace { get; init; } = "default";
}
