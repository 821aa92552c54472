using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Manifests.Helm;

namespace EdgeMano.Plane.Manifests;

/// <summary>A file under <c>templates/</c>, by its path from the chart root (<c>templates/deployment.yaml</c>).</summary>
public sealed record ChartTemplate(string Path, string Text)
{
    /// <summary>
    /// Rendered into a manifest: not a partial (<c>_helpers.tpl</c>), not <c>NOTES.txt</c>, and a
    /// <c>.yaml</c>, <c>.yml</c> or <c>.json</c> file. Every template file is parsed for its <c>define</c>s.
    /// </summary>
    public bool IsRendered =>
        !System.IO.Path.GetFileName(Path).StartsWith('_')
        && !Path.EndsWith("NOTES.txt", StringComparison.Ordinal)
        && (Path.EndsWith(".yaml", StringComparison.Ordinal) || Path.EndsWith(".yml", StringComparison.Ordinal) || Path.EndsWith(".json", StringComparison.Ordinal));
}

/// <summary>A subchart as its parent's Chart.yaml (or requirements.yaml) lists it.</summary>
public sealed record ChartDependency(string Name, string Alias, string Condition)
{
    /// <summary>The dependency's own <c>enabled</c>; a <see cref="Condition"/> that resolves overrides it.</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>
/// A loaded chart: metadata from Chart.yaml, its templates (helpers included), default values and
/// subcharts from <c>charts/</c>. <see cref="SourceName"/> prefixes every path in errors and in
/// rendered manifests, so an operator finds the file in the package.
/// </summary>
public sealed record HelmChart(
    string Name,
    string Version,
    string AppVersion,
    IReadOnlyList<ChartTemplate> Templates,
    string ValuesYaml,
    IReadOnlyList<HelmChart> Subcharts)
{
    public string ApiVersion { get; init; } = "v2";

    public string Description { get; init; } = "";

    /// <summary><c>application</c> (renders) or <c>library</c> (only <c>define</c>s for other charts).</summary>
    public string Type { get; init; } = "application";

    public string SourceName { get; init; } = "";

    /// <summary>Dependencies declared by the chart (used for conditions and aliases of <see cref="Subcharts"/>).</summary>
    public IReadOnlyList<ChartDependency> Dependencies { get; init; } = [];

    /// <summary>Other files of the chart, for <c>.Files.Get</c> (paths from the chart root).</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The template files that produce manifests (see <see cref="ChartTemplate.IsRendered"/>).</summary>
    public IEnumerable<ChartTemplate> RenderedTemplates => Templates.Where(t => t.IsRendered);

    /// <summary>The partials (<c>_helpers.tpl</c> and other files starting with '_') holding shared <c>define</c>s.</summary>
    public IEnumerable<ChartTemplate> Helpers => Templates.Where(t => System.IO.Path.GetFileName(t.Path).StartsWith('_'));
}

/// <summary>A chart, or why it could not be loaded (every problem found).</summary>
public sealed record ChartLoad(HelmChart? Chart, IReadOnlyList<LocatedError> Errors);

/// <summary>
/// The manifests a chart renders to (one per template with output, named
/// <c>{SourceName}/templates/x.yaml</c>, lines mapped back to the template), or why it did not render.
/// </summary>
public sealed record ChartRender(IReadOnlyList<SourceFile> Manifests, IReadOnlyList<LocatedError> Errors);

/// <summary>
/// Helm charts without the helm binary: load (archive or files), then render like <c>helm template</c>
/// with a Go text/template engine and the functions charts use. Rendered manifests are then given to
/// <see cref="KubernetesManifests.ToWorkloads(IReadOnlyList{SourceFile}, string)"/>.
/// </summary>
/// <remarks>
/// Supported: Chart.yaml apiVersion v1 and v2; <c>values.yaml</c> deep-merged with the caller's values
/// (null removes a key); every <c>templates/**</c> file parsed for defines, <c>.yaml/.yml/.json</c>
/// ones rendered (NOTES.txt and partials are not); subcharts in <c>charts/</c> (archives or folders)
/// with their values scoped under their name or alias, <c>global</c> passed down, and dependency
/// conditions honoured; <c>.Values .Release .Chart .Capabilities .Template .Files</c>. Template errors
/// are located at the template file and line. Not supported: <c>tags</c>, <c>import-values</c>,
/// <c>values.schema.json</c> validation, library charts (refused), <c>lookup</c> (always empty, as
/// in <c>helm template</c>), hooks ordering (the translator handles hook annotations).
/// </remarks>
public static class HelmCharts
{
    /// <summary>Loads a chart from a <c>.tgz</c> (a gzip'd tar with one top folder, as <c>helm package</c> writes).</summary>
    public static ChartLoad LoadArchive(byte[] tgz, string sourceName) => ChartLoader.LoadArchive(tgz, sourceName);

    /// <summary>Loads a chart from its files, keyed by path relative to the chart root (<c>Chart.yaml</c>, <c>templates/x.yaml</c>).</summary>
    public static ChartLoad LoadFiles(IReadOnlyDictionary<string, byte[]> files, string sourceName) => ChartLoader.LoadFiles(files, sourceName);

    /// <summary>Renders the chart with <paramref name="valuesYaml"/> (may be null) over its defaults, as release <paramref name="releaseName"/>.</summary>
    public static ChartRender Render(HelmChart chart, string? valuesYaml, string releaseName, string @namespace) =>
        ChartRenderer.Render(chart, valuesYaml, releaseName, @namespace, "values");

    /// <summary>As <see cref="Render(HelmChart, string?, string, string)"/>; <paramref name="valuesSourceName"/> names the values in errors.</summary>
    public static ChartRender Render(HelmChart chart, string? valuesYaml, string releaseName, string @namespace, string valuesSourceName) =>
        ChartRenderer.Render(chart, valuesYaml, releaseName, @namespace, valuesSourceName);
}
