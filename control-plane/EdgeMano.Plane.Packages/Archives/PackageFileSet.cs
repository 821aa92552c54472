using System.Text;

namespace EdgeMano.Plane.Packages.Archives;

/// <summary>
/// A package's files by normalized relative path ("Definitions/vnfd.yaml": forward slashes, no
/// "." or ".." segments, no leading slash). Paths are case-sensitive, as in a zip or a tar.
/// </summary>
internal sealed class PackageFileSet
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SortedDictionary<string, byte[]> _files;

    public PackageFileSet(IEnumerable<KeyValuePair<string, byte[]>> files) =>
        _files = new SortedDictionary<string, byte[]>(files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Every path, in ordinal order (the digest's order).</summary>
    public IReadOnlyCollection<string> Paths => _files.Keys;

    public IEnumerable<KeyValuePair<string, byte[]>> All => _files;

    public int Count => _files.Count;

    public bool Contains(string path) => _files.ContainsKey(path);

    public byte[]? Bytes(string path) => _files.GetValueOrDefault(path);

    /// <summary>True when some file lies under <paramref name="path"/> as a directory.</summary>
    public bool IsDirectory(string path) => path.Length == 0 || _files.Keys.Any(p => p.StartsWith(path + "/", StringComparison.Ordinal));

    /// <summary>The files under a directory, keyed by their path relative to it.</summary>
    public IReadOnlyDictionary<string, byte[]> Under(string directory)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        return _files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(f => f.Key[prefix.Length..], f => f.Value, StringComparer.Ordinal);
    }

    /// <summary>Files directly at the root (no directory part).</summary>
    public IEnumerable<string> RootFiles => _files.Keys.Where(p => !p.Contains('/'));

    /// <summary>The file as UTF-8 text (a byte-order mark dropped), or why it is not text.</summary>
    public string? Text(string path, out string? problem)
    {
        problem = null;
        if (!_files.TryGetValue(path, out var bytes))
        {
            problem = "the file is missing from the package";
            return null;
        }
        try
        {
            return StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problem = "the file is not UTF-8 text";
            return null;
        }
    }

    /// <summary>
    /// Resolves a reference written in <paramref name="fromFile"/> ("../Files/a.yaml") against that
    /// file's directory. Null when it climbs out of the package or is absolute.
    /// </summary>
    public static string? Resolve(string fromFile, string reference)
    {
        if (reference.StartsWith('/') || reference.Contains('\\') || reference.Contains("://", StringComparison.Ordinal)) return null;
        var slash = fromFile.LastIndexOf('/');
        var baseDir = slash < 0 ? "" : fromFile[..slash];
        return Normalize(baseDir.Length == 0 ? reference : baseDir + "/" + reference);
    }

    /// <summary>Cleans "a/./b/../c" to "a/c"; null when the path leaves the root or is empty.</summary>
    public static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Directory(string path) => path.LastIndexOf('/') is var i and >= 0 ? path[..i] : "";

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
