using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeMano.Plane.Packages.Archives;

/// <summary>
/// The package's content address: SHA-256 over every file, in ordinal path order, each written as
/// <c>path NUL length NUL bytes</c>. Only paths and bytes count, so the same files give the same
/// digest whether they came zipped, tarred or as a directory, whatever the archive's timestamps;
/// the length prefix keeps two different listings from hashing the same.
/// </summary>
public static class PackageDigest
{
    public const string Prefix = "sha256:";

    public static string Compute(IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var (path, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData(separator);
            hash.AppendData(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture)));
            hash.AppendData(separator);
            hash.AppendData(bytes);
        }
        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
