using System.IO.Compression;

namespace EdgeMano.Cli.Packages;

/// <summary>
/// Zips a package directory in memory the same way every time: entries are the files' paths
/// relative to the directory with '/' separators, in ordinal order, each with the same timestamp
/// and mode, so the same directory gives the same bytes (and the plane's "unchanged" on a re-onboard
/// depends on the files alone, not on when they were touched).
/// </summary>
internal static class DirectoryZip
{
    /// <summary>The earliest time a zip can record (DOS epoch), the same for every entry.</summary>
    internal static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>rw-r--r-- regular file in the upper 16 bits, as Info-ZIP writes Unix modes.</summary>
    private const int RegularFileMode = 0b1000_000_110_100_100 << 16;

    /// <summary>The directory as zip bytes; bad input when it holds no file, a directory link, or more than <paramref name="maxBytes"/> zipped.</summary>
    public static byte[] Create(string directory, long maxBytes)
    {
        var files = ListFiles(directory);
        if (files.Count == 0) throw CliException.BadInput($"{directory}: the directory has no files; expected a package (a descriptor, e.g. Definitions/*.yaml)");

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (relative, full) in files)
            {
                var entry = zip.CreateEntry(relative, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                entry.ExternalAttributes = RegularFileMode;
                using (var target = entry.Open())
                using (var source = OpenFile(full, Path.Combine(directory, relative)))
                    source.CopyTo(target);
                // Stop early rather than zip a huge tree into memory (e.g. a wrong directory).
                if (buffer.Length > maxBytes) throw TooLarge(directory, maxBytes);
            }
        }
        if (buffer.Length > maxBytes) throw TooLarge(directory, maxBytes);
        return buffer.ToArray();
    }

    /// <summary>(path relative to the directory with '/', full path) of every file, sorted by relative path.</summary>
    internal static List<(string Relative, string Full)> ListFiles(string directory)
    {
        var root = Path.GetFullPath(directory);
        var files = new List<(string, string)>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var entry in Enumerate(current, directory, root))
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (entry is DirectoryInfo sub)
                {
                    // A link to a directory may loop back (a link to ..); say so rather than zip forever.
                    if (sub.LinkTarget is not null)
                        throw CliException.BadInput($"{Path.Combine(directory, relative)}: is a link to a directory, which onboarding does not follow; copy its files in or zip the package yourself");
                    pending.Push(sub.FullName);
                }
                else
                {
                    files.Add((relative, entry.FullName));
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    private static IEnumerable<FileSystemInfo> Enumerate(string current, string directory, string root)
    {
        try
        {
            // Every entry, dot-files included (a chart's .helmignore is part of it); nothing recursed here.
            return new DirectoryInfo(current).GetFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false });
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{Path.Combine(directory, Path.GetRelativePath(root, current))}: permission denied");
        }
    }

    private static FileStream OpenFile(string full, string shown)
    {
        try
        {
            return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{shown}: permission denied");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliException.BadInput($"{shown}: no such file (a dangling link?)");
        }
        catch (IOException ex)
        {
            throw CliException.BadInput($"{shown}: cannot read: {ex.Message}");
        }
    }

    private static CliException TooLarge(string directory, long maxBytes) =>
        CliException.BadInput($"{directory}: zipped, the directory is over {PackageUpload.Describe(maxBytes)} (the plane's package limit); nothing was sent");
}
