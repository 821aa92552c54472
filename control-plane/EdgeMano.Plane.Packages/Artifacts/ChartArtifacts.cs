using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Artifacts;

/// <summary>A chart kept with the package and the workloads its rendering makes.</summary>
internal sealed record ChartOutcome(PackageChart Chart, IReadOnlyList<WorkloadSpec> Workloads);

/// <summary>
/// Helm charts a VDU or KDU is deployed from. A chart shipped in the package (a directory with
/// Chart.yaml, or a .tgz) is rendered with its default values (or the package's values file) and
/// translated to workloads, so its errors surface at onboarding; the raw chart is kept as well.
/// </summary>
internal static class ChartArtifacts
{
    public const string Namespace = "default";

    /// <summary>Null (with an error at <paramref name="reference"/>, or in the chart) when it cannot be used.</summary>
    public static ChartOutcome? FromPackage(ReadContext context, string chartPath, string vdu, string? valuesPath, FieldLocation reference)
    {
        var files = context.Files;
        byte[]? archive = null;
        IReadOnlyDictionary<string, byte[]>? chartFiles = null;
        if (files.Bytes(chartPath) is { } bytes)
        {
            if (!ArchiveReader.IsGzip(bytes))
            {
                context.Add(reference.Error($"'{chartPath}' is not a packed Helm chart (.tgz) nor a chart directory"));
                return null;
            }
            archive = bytes;
        }
        else if (files.IsDirectory(chartPath))
        {
            chartFiles = files.Under(chartPath);
        }
        else
        {
            context.Add(reference.Error($"missing artifact: the chart '{chartPath}' is not in the package"));
            return null;
        }

        var values = valuesPath is null ? null : files.Text(valuesPath, out _);
        var translated = ManifestsAdapter.FromChart(archive, chartFiles, chartPath, values, vdu, Namespace);
        var result = translated.Result;
        foreach (var error in result.Errors) context.Add(error);
        foreach (var note in result.Notes) context.Note(note);
        if (translated.Name is null) return null;
        foreach (var workload in result.Workloads)
            context.Workloads.Add(new WorkloadOrigin(vdu, workload, _ => new FieldLocation(null, chartPath, "")));

        var chart = new PackageChart
        {
            Name = translated.Name,
            Version = translated.Version ?? "",
            Source = chartPath,
            Files = chartFiles is null ? ValueList<PackageFile>.Empty
                : new ValueList<PackageFile>(chartFiles.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new PackageFile(f.Key, f.Value))),
            Archive = archive is null ? null : new PackageFile(chartPath, archive),
            Values = values ?? translated.DefaultValues,
            Vdu = vdu,
        };
        return new ChartOutcome(chart, result.Workloads);
    }

    /// <summary>"repo/chart" or "repo/chart:version": kept as a reference; it is fetched where it is deployed.</summary>
    public static PackageChart FromRepository(string reference, string vdu)
    {
        var slash = reference.IndexOf('/');
        var colon = reference.LastIndexOf(':');
        var versionless = colon > slash ? reference[..colon] : reference;
        return new PackageChart
        {
            Name = versionless[(slash + 1)..],
            Version = colon > slash ? reference[(colon + 1)..] : "",
            Source = versionless,
            Repository = versionless[..slash],
            Vdu = vdu,
        };
    }
}
