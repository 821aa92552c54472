using System.IO.Compression;

namespace EdgeMano.Testing;

/// <summary>The CNF package fixtures of tests/fixtures/packages, as the bytes an operator would onboard.</summary>
public static class PackageFixtures
{
    public static string Directory(string name) => Path.Combine(RepoPaths.Root, "tests", "fixtures", "packages", name);

    /// <summary>A directory zipped the way the CLI does: relative paths with '/', sorted, fixed times.</summary>
    public static byte[] Zip(string directory)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(Path.GetRelativePath(directory, file).Replace('\\', '/'), CompressionLevel.Fastest);
                entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var target = entry.Open();
                using var source = File.OpenRead(file);
                source.CopyTo(target);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The good fixture of each format as (what it is, file name, bytes).</summary>
    public static IEnumerable<(string Format, string FileName, byte[] Content)> OnePerFormat()
    {
        yield return ("edgemano", "cnf.yaml", File.ReadAllBytes(Path.Combine(Directory("own"), "cnf.yaml")));
        yield return ("sol001", "sol001-vnfd.csar", Zip(Directory("sol001-vnfd")));
        yield return ("osm-knf", "osm-knf.zip", Zip(Directory("osm-knf")));
        yield return ("sol001", "tacker-cnf.csar", Zip(Directory("tacker-cnf")));
    }
}
