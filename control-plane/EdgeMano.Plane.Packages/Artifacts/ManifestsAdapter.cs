using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Packages.Artifacts;

/// <summary>Workloads made from Kubernetes objects, with the errors and notes found making them.</summary>
internal sealed record Translated(
    IReadOnlyList<WorkloadSpec> Workloads,
    IReadOnlyList<SourceFile> Manifests,
    IReadOnlyList<LocatedError> Errors,
    IReadOnlyList<LocatedError> Notes);

/// <summary>A chart's identity as its Chart.yaml gives it, and the outcome of rendering and translating it.</summary>
internal sealed record TranslatedChart(string? Name, string? Version, string? DefaultValues, Translated Result);

/// <summary>
/// The one place that calls EdgeMano.Plane.Manifests (Kubernetes manifest translation and Helm
/// chart loading and rendering), so the rest of onboarding depends on two small operations.
/// </summary>
internal static class ManifestsAdapter
{
    /// <summary>Kubernetes manifests → workloads; names get <paramref name="namePrefix"/>.</summary>
    public static Translated FromManifests(IReadOnlyList<SourceFile> files, string namePrefix)
    {
        var translation = KubernetesManifests.ToWorkloads(files, namePrefix);
        return new Translated(translation.Workloads, files, translation.Errors, translation.Notes);
    }

    /// <summary>
    /// A chart (packed bytes, or unpacked files relative to its root) loaded, rendered with
    /// <paramref name="valuesYaml"/> over its defaults (null: the defaults alone) as release
    /// <paramref name="releaseName"/>, and translated. Errors are located at
    /// <c>{sourceName}/Chart.yaml</c>, <c>{sourceName}/templates/...</c>.
    /// </summary>
    public static TranslatedChart FromChart(byte[]? archive, IReadOnlyDictionary<string, byte[]>? files, string sourceName,
        string? valuesYaml, string releaseName, string ns)
    {
        var load = archive is not null ? HelmCharts.LoadArchive(archive, sourceName) : HelmCharts.LoadFiles(files!, sourceName);
        if (load.Chart is not { } chart) return new TranslatedChart(null, null, null, new Translated([], [], load.Errors, []));
        var render = HelmCharts.Render(chart, valuesYaml, releaseName, ns);
        var errors = load.Errors.Concat(render.Errors).ToList();
        if (errors.Count > 0) return new TranslatedChart(chart.Name, chart.Version, chart.ValuesYaml, new Translated([], render.Manifests, errors, []));
        var translation = KubernetesManifests.ToWorkloads(render.Manifests, releaseName);
        return new TranslatedChart(chart.Name, chart.Version, chart.ValuesYaml,
            new Translated(translation.Workloads, render.Manifests, translation.Errors, translation.Notes));
    }
}
