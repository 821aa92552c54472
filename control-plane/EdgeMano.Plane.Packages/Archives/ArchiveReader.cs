using System.Formats.Tar;
using System.IO.Compression;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages.Archives;

/// <summary>The files of an input and how they came.</summary>
internal sealed record OpenedInput(PackageFileSet Files, PackageContainer Container);

/// <summary>
/// Turns an upload into files: a zip (SOL004 CSAR) or a gzip'd tar (an OSM package; its one
/// top-level folder is dropped) is unpacked in memory; any other single file is the descriptor.
/// Entries that would land outside the package, links and oversized content are refused.
/// </summary>
internal static class ArchiveReader
{
    public const long MaxTotalBytes = 256L << 20;
    public const int MaxEntries = 10_000;

    public static OpenedInput? Open(PackageInput input, List<LocatedError> errors)
    {
        if (input.Files is { } directory)
        {
            var files = Collect(input.Name, directory.Select(f => (f.Key, (Func<byte[]>)(() => f.Value))), errors);
            return files is null ? null : new OpenedInput(files, PackageContainer.Directory);
        }
        var bytes = input.Bytes ?? [];
        if (bytes.Length == 0)
        {
            errors.Add(new LocatedError(input.Name, 0, 0, "", "the upload is empty"));
            return null;
        }
        if (IsZip(bytes)) return Unzip(input.Name, bytes, errors) is { } zip ? new OpenedInput(zip, PackageContainer.Csar) : null;
        if (IsGzip(bytes)) return Untar(input.Name, bytes, errors, dropTopFolder: true) is { } tar ? new OpenedInput(tar, PackageContainer.Csar) : null;
        var name = PackageFileSet.FileName(input.Name.Replace('\\', '/'));
        return new OpenedInput(new PackageFileSet([new(name.Length == 0 ? "descriptor.yaml" : name, bytes)]), PackageContainer.SingleFile);
    }

    public static bool IsZip(byte[] bytes) => bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] is 3 or 5;

    public static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    private static PackageFileSet? Unzip(string name, byte[] bytes, List<LocatedError> errors)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.Count > MaxEntries) return TooMany(name, entries.Count, errors);
            if (entries.Sum(e => e.Length) > MaxTotalBytes) return TooBig(name, errors);
            return Collect(name, entries.Select(e => (e.FullName, (Func<byte[]>)(() => ReadAll(e.Open(), e.Length)))), errors);
        }
        catch (InvalidDataException e)
        {
            errors.Add(new LocatedError(name, 0, 0, "", $"not a readable zip archive: {e.Message}"));
            return null;
        }
    }

    /// <summary>Unpacks a .tgz. Also used for packed Helm charts inside a package.</summary>
    public static PackageFileSet? Untar(string name, byte[] bytes, List<LocatedError> errors, bool dropTopFolder)
    {
        var entries = new List<(string Path, Func<byte[]> Read)>();
        long total = 0;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes) continue;
                if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    errors.Add(new LocatedError(name, 0, 0, entry.Name, "links are not allowed in a package; store the file itself"));
                    continue;
                }
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                total += entry.Length;
                if (total > MaxTotalBytes) return TooBig(name, errors);
                if (entries.Count >= MaxEntries) return TooMany(name, entries.Count + 1, errors);
                var content = entry.DataStream is null ? [] : ReadAll(entry.DataStream, entry.Length);
                entries.Add((entry.Name, () => content));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            errors.Add(new LocatedError(name, 0, 0, "", $"not a readable tar.gz archive: {e.Message}"));
            return null;
        }
        if (dropTopFolder) entries = DropCommonFolder(entries);
        return Collect(name, entries, errors);
    }

    /// <summary>OSM packs "pkg/pkg_vnfd.yaml", "pkg/helm-charts/..."; the package is what is inside the folder.</summary>
    private static List<(string Path, Func<byte[]> Read)> DropCommonFolder(List<(string Path, Func<byte[]> Read)> entries)
    {
        var tops = entries.Select(e => e.Path.TrimStart('.', '/').Split('/')).ToList();
        if (tops.Count == 0 || tops.Any(t => t.Length < 2) || tops.Select(t => t[0]).Distinct().Count() != 1) return entries;
        return entries.Select((e, i) => (string.Join('/', tops[i][1..]), e.Read)).ToList();
    }

    private static PackageFileSet? Collect(string name, IEnumerable<(string Path, Func<byte[]> Read)> entries, List<LocatedError> errors)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var failed = false;
        foreach (var (raw, read) in entries)
        {
            var path = raw.Replace('\\', '/');
            var normal = path.StartsWith('/') ? null : PackageFileSet.Normalize(path);
            if (normal is null || path.Split('/').Contains(".."))
            {
                errors.Add(new LocatedError(name, 0, 0, raw, "the path leaves the package (absolute, or '..'); paths must stay inside it"));
                failed = true;
                continue;
            }
            if (!files.TryAdd(normal, read()))
            {
                errors.Add(new LocatedError(name, 0, 0, raw, $"'{normal}' is in the package twice"));
                failed = true;
            }
        }
        if (files.Count == 0 && !failed)
        {
            errors.Add(new LocatedError(name, 0, 0, "", "the package has no files"));
            failed = true;
        }
        return failed ? null : new PackageFileSet(files);
    }

    private static byte[] ReadAll(Stream stream, long length)
    {
        using (stream)
        {
            // The declared length can lie (a crafted archive); read at most the cap plus one byte.
            using var buffer = new MemoryStream((int)Math.Min(Math.Max(length, 0), 1 << 20));
            var limited = new byte[81920];
            long copied = 0;
            int n;
            while ((n = stream.Read(limited, 0, limited.Length)) > 0)
            {
                copied += n;
                if (copied > MaxTotalBytes) throw new InvalidDataException($"an entry expands past {MaxTotalBytes >> 20} MiB");
                buffer.Write(limited, 0, n);
            }
            return buffer.ToArray();
        }
    }

    private static PackageFileSet? TooBig(string name, List<LocatedError> errors)
    {
        errors.Add(new LocatedError(name, 0, 0, "", $"the package unpacks to more than {MaxTotalBytes >> 20} MiB"));
        return null;
    }

    private static PackageFileSet? TooMany(string name, int count, List<LocatedError> errors)
    {
        errors.Add(new LocatedError(name, 0, 0, "", $"the package has {count} files; at most {MaxEntries} are allowed"));
        return null;
    }
}
