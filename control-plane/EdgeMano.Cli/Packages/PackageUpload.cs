using System.Globalization;

namespace EdgeMano.Cli.Packages;

/// <summary>
/// What `packages onboard PATH` sends: a file as it is, or a directory zipped (see
/// <see cref="DirectoryZip"/>), with the content type it is and the name the plane uses in messages.
/// </summary>
internal sealed record PackageUpload(string Source, string FileName, byte[] Body, string ContentType, bool IsDirectory)
{
    /// <summary>The plane's package limit (docs/api.md, "Packages"); larger ones are refused before sending.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public const string Zip = "application/zip";
    public const string Gzip = "application/gzip";
    public const string Yaml = "application/yaml";
    public const string Binary = "application/octet-stream";

    public static async Task<PackageUpload> ReadAsync(string path, CancellationToken ct)
    {
        if (path.Trim().Length == 0) throw CliException.BadInput("PATH is empty; expected a package file or directory");
        var name = NameOf(path);
        if (Directory.Exists(path)) return new PackageUpload(path, name, DirectoryZip.Create(path, MaxBytes), Zip, IsDirectory: true);

        var body = await ReadFileAsync(path, ct).ConfigureAwait(false);
        return new PackageUpload(path, name, body, ContentTypeOf(name, body), IsDirectory: false);
    }

    /// <summary>By the first bytes (zip, gzip), else by the extension; what is neither is left to the plane to read.</summary>
    internal static string ContentTypeOf(string fileName, ReadOnlySpan<byte> body)
    {
        if (body is [0x50, 0x4B, 0x03, 0x04, ..] or [0x50, 0x4B, 0x05, 0x06, ..] or [0x50, 0x4B, 0x07, 0x08, ..]) return Zip;
        if (body is [0x1F, 0x8B, ..]) return Gzip;
        var lower = fileName.ToLowerInvariant();
        if (lower.EndsWith(".yaml", StringComparison.Ordinal) || lower.EndsWith(".yml", StringComparison.Ordinal)) return Yaml;
        if (lower.EndsWith(".zip", StringComparison.Ordinal) || lower.EndsWith(".csar", StringComparison.Ordinal)) return Zip;
        if (lower.EndsWith(".tar.gz", StringComparison.Ordinal) || lower.EndsWith(".tgz", StringComparison.Ordinal)) return Gzip;
        return Binary;
    }

    /// <summary>The last part of the path ("pkg" for "./pkg/", the directory's own name for ".").</summary>
    internal static string NameOf(string path)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        var name = Path.GetFileName(trimmed);
        if (name is "" or "." or "..") name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        return name.Length == 0 ? "package" : name;
    }

    /// <summary>16 MiB, 20.5 MiB: sizes in messages.</summary>
    internal static string Describe(long bytes) =>
        bytes % (1024 * 1024) == 0
            ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB"
            : (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxBytes)
                throw CliException.BadInput($"{path}: {Describe(length)} ({length} bytes) is over the plane's package limit of {Describe(MaxBytes)}; nothing was sent");
            if (length == 0) throw CliException.BadInput($"{path}: the file is empty; expected a package (zip/CSAR, .tar.gz or a descriptor YAML)");
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliException.BadInput($"{path}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: permission denied");
        }
        catch (IOException ex)
        {
            throw CliException.BadInput($"{path}: cannot read: {ex.Message}");
        }
    }
}
