using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace EdgeMano.Plane.Manifests.Tests.Helm;

/// <summary>Charts written in a test: files from text, and packed as <c>helm package</c> packs them.</summary>
internal static class ChartFiles
{
    public static Dictionary<string, byte[]> Of(params (string Path, string Text)[] files) =>
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Text), StringComparer.Ordinal);

    /// <summary>A .tgz with every file under <paramref name="folder"/>/ (one top folder, as helm package writes).</summary>
    public static byte[] Pack(IReadOnlyDictionary<string, byte[]> files, string folder)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (path, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{folder}/{path}") { DataStream = new MemoryStream(bytes) });
            }
        }
        return output.ToArray();
    }
}
