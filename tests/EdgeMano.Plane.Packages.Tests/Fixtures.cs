using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages.Tests;

/// <summary>
/// The package fixtures in tests/fixtures/packages, read from disk by the tests (the reader
/// itself does no I/O), and archives built from them in memory: a CSAR zip, an OSM tgz.
/// </summary>
internal static class Fixtures
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "packages");
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
            throw new InvalidOperationException("tests/fixtures/packages not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every file under the fixture directory, by path relative to it.</summary>
    public static Dictionary<string, byte[]> Files(string name)
    {
        var dir = Path.Combine(Root, name);
        return System.IO.Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
    }

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path.Combine(Root, relative));

    public static PackageInput Directory(string name) => PackageInput.FromDirectory(name, Files(name));

    public static PackageInput Zip(string name) => PackageInput.FromFile(name + ".zip", ZipOf(Files(name)));

    /// <summary>A zip as `zip -r` makes it; timestamps vary so the digest must not depend on them.</summary>
    public static byte[] ZipOf(IReadOnlyDictionary<string, byte[]> files, DateTimeOffset? stamp = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = stamp ?? new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A gzip'd tar with every file under <paramref name="topFolder"/>/, as OSM packs a package.</summary>
    public static byte[] TgzOf(IReadOnlyDictionary<string, byte[]> files, string topFolder)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, bytes) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{topFolder}/{path}") { DataStream = new MemoryStream(bytes) };
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The errors, one a line, for assertion messages.</summary>
    public static string Show(IEnumerable<LocatedError> errors) => string.Join("\n", errors.Select(e => e.ToString()));

    /// <summary>Reads and asserts success, showing every error when it fails.</summary>
    public static CnfPackage ReadOk(PackageInput input)
    {
        var result = PackageReader.Read(input);
        Assert.True(result.Succeeded, "expected no errors, got:\n" + Show(result.Errors));
        Assert.Empty(result.Errors);
        return result.Package!;
    }
}
