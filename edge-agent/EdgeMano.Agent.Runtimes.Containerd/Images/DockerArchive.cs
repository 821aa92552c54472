using System.Formats.Tar;
using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Containerd.Images;

/// <summary>One file of a docker-archive: where it is, its digest and whether it is gzip-compressed.</summary>
internal sealed record ArchiveFile(string Name, string Digest, long Size, bool Gzip, byte[]? Content);

/// <summary>
/// Reads a docker-archive tarball (what <c>docker save</c> writes): manifest.json names each image's
/// config file and its layer tars. manifest.json comes last in docker's output, so the archive is
/// read once to index and hash every file, and again to upload what containerd lacks.
/// </summary>
internal sealed class DockerArchive
{
    // Configs and manifest.json are kept in memory; layers are streamed.
    private const int KeepBelowBytes = 1024 * 1024;

    private readonly Dictionary<string, ArchiveFile> _files;
    private readonly Dictionary<string, string> _links;

    private DockerArchive(string path, Dictionary<string, ArchiveFile> files, Dictionary<string, string> links, List<DockerArchiveEntry> images)
    {
        Path = path;
        _files = files;
        _links = links;
        Images = images;
    }

    public string Path { get; }

    public IReadOnlyList<DockerArchiveEntry> Images { get; }

    public static async Task<DockerArchive> ScanAsync(string path, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, ArchiveFile>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await using var stream = System.IO.File.OpenRead(path);
            await using var tar = new TarReader(stream);
            var buffer = new byte[1024 * 1024];
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var name = Clean(entry.Name);
                if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                    links[name] = entry.EntryType == TarEntryType.HardLink ? Clean(entry.LinkName) : Resolve(name, entry.LinkName);
                else if (entry.DataStream is { } data && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    files[name] = await HashAsync(name, data, entry.Length, buffer, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
        {
            throw new RuntimeException($"containerd: import {path}: not a readable tar archive: {e.Message}", e);
        }
        if (!files.TryGetValue("manifest.json", out var manifest) || manifest.Content is null)
            throw new RuntimeException($"containerd: import {path}: no manifest.json; only docker-archive tarballs (docker save) are supported");
        List<DockerArchiveEntry>? images;
        try
        {
            images = JsonSerializer.Deserialize(manifest.Content, ContainerdJsonContext.Default.ListDockerArchiveEntry);
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"containerd: import {path}: manifest.json is not valid: {e.Message}", e);
        }
        if (images is null || images.Count == 0) throw new RuntimeException($"containerd: import {path}: manifest.json lists no image");
        return new DockerArchive(path, files, links, images);
    }

    /// <summary>A file named in manifest.json, following links (docker save links layers shared by images).</summary>
    public ArchiveFile Find(string name)
    {
        var clean = Clean(name);
        for (var hops = 0; hops < 16 && _links.TryGetValue(clean, out var target); hops++) clean = target;
        return _files.TryGetValue(clean, out var file)
            ? file
            : throw new RuntimeException($"containerd: import {Path}: manifest.json names {name}, which is not in the archive");
    }

    /// <summary>Streams each wanted file to <paramref name="upload"/> in archive order (one more pass over the tar).</summary>
    public async Task ForEachAsync(IReadOnlySet<string> wanted, Func<ArchiveFile, Stream, Task> upload, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(Path);
        await using var tar = new TarReader(stream);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            if (entry.DataStream is { } data && _files.TryGetValue(Clean(entry.Name), out var file) && wanted.Contains(file.Name))
                await upload(file, data);
    }

    private static async Task<ArchiveFile> HashAsync(string name, Stream data, long length, byte[] buffer, CancellationToken cancellationToken)
    {
        var digest = new Sha256Digest();
        var keep = length < KeepBelowBytes ? new MemoryStream((int)length) : null;
        var head = new byte[2];
        var headLength = 0;
        int read;
        while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
        {
            digest.Append(buffer.AsSpan(0, read));
            keep?.Write(buffer, 0, read);
            for (var i = 0; i < read && headLength < 2; i++) head[headLength++] = buffer[i];
        }
        return new ArchiveFile(name, digest.Finish(), length, headLength == 2 && head[0] == 0x1f && head[1] == 0x8b, keep?.ToArray());
    }

    private static string Clean(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name.TrimStart('/');

    private static string Resolve(string linkName, string target)
    {
        if (target.StartsWith('/')) return Clean(target);
        var parts = new List<string>(linkName.Split('/')[..^1]);
        foreach (var part in target.Split('/'))
        {
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (part is not ("." or "")) parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
