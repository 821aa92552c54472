using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Manifests.Values;

namespace EdgeMano.Plane.Manifests.Helm;

/// <summary>
/// Reads a chart from memory: a <c>.tgz</c> or a set of files. Collects every problem (Chart.yaml,
/// values.yaml, subcharts) before giving up, each located at <c>{sourceName}/{path}</c>.
/// </summary>
internal static class ChartLoader
{
    /// <summary>A chart archive larger than this unpacked is refused (a decompression bomb, not a chart).</summary>
    private const long MaxUnpackedBytes = 64L << 20;

    public static ChartLoad LoadArchive(byte[] tgz, string sourceName)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var errors = new List<LocatedError>();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(tgz, writable: false), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            long total = 0;
            string? top = null;
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes) continue;
                var name = entry.Name.Replace('\\', '/').TrimStart('.', '/');
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    errors.Add(Error(sourceName, name, $"entry '{name}' is a {entry.EntryType}; a chart archive holds only regular files"));
                    continue;
                }
                var slash = name.IndexOf('/');
                if (slash <= 0) { errors.Add(Error(sourceName, name, $"entry '{name}' is not inside the chart's folder")); continue; }
                top ??= name[..slash];
                if (name[..slash] != top)
                {
                    errors.Add(Error(sourceName, name, $"entry '{name}' is outside the chart folder '{top}/'; an archive holds one chart"));
                    continue;
                }
                total += entry.Length;
                if (total > MaxUnpackedBytes)
                    return new ChartLoad(null, [Error(sourceName, "", $"unpacks to more than {MaxUnpackedBytes >> 20} MiB; refused")]);
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files[name[(slash + 1)..]] = content.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException)
        {
            return new ChartLoad(null, [Error(sourceName, "", $"is not a readable .tgz chart archive: {e.Message}")]);
        }
        if (errors.Count > 0) return new ChartLoad(null, errors);
        return LoadFiles(files, sourceName);
    }

    public static ChartLoad LoadFiles(IReadOnlyDictionary<string, byte[]> input, string sourceName)
    {
        var errors = new List<LocatedError>();
        var files = Normalize(input, sourceName, errors);
        HelmIgnore.Apply(files);

        if (!files.TryGetValue("Chart.yaml", out var chartYaml))
        {
            var hint = files.Keys.FirstOrDefault(k => k.EndsWith("/Chart.yaml", StringComparison.Ordinal)) is { } nested
                ? $"; found '{nested}': give the files relative to that folder"
                : "";
            errors.Add(Error(sourceName, "Chart.yaml", $"is missing: a chart has Chart.yaml at its root{hint}"));
            return new ChartLoad(null, errors);
        }
        var metadata = ChartMetadataReader.Read(Text(chartYaml), $"{sourceName}/Chart.yaml", errors);
        var dependencies = metadata.Dependencies;
        if (files.TryGetValue("requirements.yaml", out var requirements))
            dependencies = [.. dependencies, .. ChartMetadataReader.ReadRequirements(Text(requirements), $"{sourceName}/requirements.yaml", errors)];

        var valuesYaml = files.TryGetValue("values.yaml", out var values) ? Text(values) : "";
        if (ValueYaml.ParseMap(valuesYaml, $"{sourceName}/values.yaml").Error is { } valuesError) errors.Add(valuesError);

        var templates = files.Where(f => f.Key.StartsWith("templates/", StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new ChartTemplate(f.Key, Text(f.Value)))
            .ToList();
        var subcharts = LoadSubcharts(files, sourceName, errors);
        var other = files.Where(f => !IsChartStructure(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

        if (errors.Count > 0) return new ChartLoad(null, errors);
        var chart = new HelmChart(metadata.Name, metadata.Version, metadata.AppVersion, templates, valuesYaml, subcharts)
        {
            ApiVersion = metadata.ApiVersion,
            Description = metadata.Description,
            Type = metadata.Type,
            SourceName = sourceName,
            Dependencies = dependencies,
            Files = other,
        };
        return new ChartLoad(chart, []);
    }

    private static List<HelmChart> LoadSubcharts(Dictionary<string, byte[]> files, string sourceName, List<LocatedError> errors)
    {
        var subcharts = new List<HelmChart>();
        var inCharts = files.Where(f => f.Key.StartsWith("charts/", StringComparison.Ordinal)).ToList();
        foreach (var archive in inCharts.Where(f => f.Key.Count(c => c == '/') == 1 && f.Key.EndsWith(".tgz", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Collect(LoadArchive(archive.Value, $"{sourceName}/{archive.Key}"));
        }
        foreach (var folder in inCharts.Where(f => f.Key.Count(c => c == '/') >= 2).GroupBy(f => f.Key.Split('/')[1]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var prefix = $"charts/{folder.Key}/";
            Collect(LoadFiles(folder.ToDictionary(f => f.Key[prefix.Length..], f => f.Value, StringComparer.Ordinal), $"{sourceName}/charts/{folder.Key}"));
        }
        return subcharts;

        void Collect(ChartLoad load)
        {
            errors.AddRange(load.Errors);
            if (load.Chart is { } chart) subcharts.Add(chart);
        }
    }

    private static Dictionary<string, byte[]> Normalize(IReadOnlyDictionary<string, byte[]> input, string sourceName, List<LocatedError> errors)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (raw, bytes) in input)
        {
            var path = raw.Replace('\\', '/');
            while (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
            path = path.TrimStart('/');
            if (path.Split('/').Any(segment => segment == ".."))
            {
                errors.Add(Error(sourceName, raw, $"path '{raw}' leaves the chart folder"));
                continue;
            }
            if (path.Length > 0 && !path.EndsWith('/')) files[path] = bytes;
        }
        return files;
    }

    private static bool IsChartStructure(string path) =>
        path is "Chart.yaml" or "values.yaml" or "requirements.yaml" or "requirements.lock" or "Chart.lock" or "values.schema.json"
        || path.StartsWith("templates/", StringComparison.Ordinal)
        || path.StartsWith("charts/", StringComparison.Ordinal);

    /// <summary>UTF-8 without a byte-order mark (Windows editors add one; YAML does not want it).</summary>
    public static string Text(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static LocatedError Error(string sourceName, string path, string message) =>
        new(path.Length == 0 ? sourceName : $"{sourceName}/{path}", 0, 0, "", message);
}
