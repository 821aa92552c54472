using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Images;
using EdgeMano.Agent.Runtimes.Containerd.Api.Types;
using EdgeMano.Agent.Runtimes.Containerd.Images;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>
/// Imports docker-archive tarballs (<c>docker save</c>) into the agent's containerd namespace through
/// the content, images, snapshots and diff APIs, as <c>ctr images import</c> does, so a node needs no
/// ctr and no registry: blobs go to the content store, a schema 2 manifest is written for each
/// image, its tags are pointed at it, and its layers are unpacked for the snapshotter.
/// </summary>
public sealed class ContainerdImageImporter : IDisposable
{
    private readonly ContainerdOptions _options;
    private readonly ContainerdConnection _connection;
    private readonly ContentWriter _content;
    private readonly LayerUnpacker _unpacker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    internal ContainerdImageImporter(ContainerdOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _connection = new ContainerdConnection(options.SocketPath, options.Namespace, options.RequestTimeout, time);
        _content = new ContentWriter(_connection);
        _unpacker = new LayerUnpacker(_connection, options.Snapshotter);
    }

    /// <summary>Imports every tagged image of the archive; returns the image names as containerd stores them (docker.io/...).</summary>
    public async Task<IReadOnlyList<string>> ImportDockerArchiveAsync(string archivePath, CancellationToken cancellationToken)
    {
        var archive = await DockerArchive.ScanAsync(archivePath, cancellationToken);
        var images = archive.Images.Select(entry => Plan(archive, entry)).ToList();
        var imported = new List<string>();
        await using var lease = await ContainerdLease.CreateAsync(_connection, _time, cancellationToken);

        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in images.SelectMany(i => i.Layers.Prepend(i.ConfigFile)).DistinctBy(f => f.Digest))
            if (!await _content.ExistsAsync(file.Digest, cancellationToken)) missing.Add(file.Name);
        await archive.ForEachAsync(missing, (file, data) =>
            _content.WriteAsync(data, file.Size, file.Digest, new Dictionary<string, string>(), lease.Id, cancellationToken), cancellationToken);

        foreach (var image in images)
        {
            var manifest = JsonSerializer.SerializeToUtf8Bytes(image.Manifest, ContainerdJsonContext.Default.ImageManifest);
            var digest = Sha256Digest.Of(manifest);
            // References from the manifest keep config and layers alive once the lease is gone.
            var labels = new Dictionary<string, string> { ["containerd.io/gc.ref.content.config"] = image.Manifest.Config.Digest };
            for (var i = 0; i < image.Manifest.Layers.Count; i++) labels[$"containerd.io/gc.ref.content.l.{i}"] = image.Manifest.Layers[i].Digest;
            if (!await _content.ExistsAsync(digest, cancellationToken))
                await _content.WriteAsync(new MemoryStream(manifest), manifest.Length, digest, labels, lease.Id, cancellationToken);

            var target = new BlobDescriptor { MediaType = MediaTypes.DockerManifest, Digest = digest, Size = manifest.Length };
            foreach (var name in image.Names)
            {
                await PointAsync(name, target, lease.Id, cancellationToken);
                var resolved = new ResolvedImage(name, name, image.Manifest.Config, image.Config, image.Manifest.Layers,
                    image.DiffIds, ImageStore.ChainIds(image.DiffIds));
                await _unpacker.UnpackAsync(resolved, lease.Id, cancellationToken);
                ContainerdRuntimeLog.ImageImported(_logger, name, digest, _options.Namespace);
                imported.Add(name);
            }
        }
        return imported;
    }

    public void Dispose() => _connection.Dispose();

    private sealed record PlannedImage(IReadOnlyList<string> Names, ArchiveFile ConfigFile, IReadOnlyList<ArchiveFile> Layers,
        ImageConfigFile Config, IReadOnlyList<string> DiffIds, ImageManifest Manifest);

    private PlannedImage Plan(DockerArchive archive, DockerArchiveEntry entry)
    {
        var names = (entry.RepoTags ?? []).Select(ImageNames.Normalize).ToList();
        if (names.Count == 0) throw new RuntimeException($"containerd: import {archive.Path}: image {entry.Config} has no tag (RepoTags); tag it before docker save");
        var configFile = archive.Find(entry.Config);
        ImageConfigFile? config;
        try
        {
            config = configFile.Content is null ? null : JsonSerializer.Deserialize(configFile.Content, ContainerdJsonContext.Default.ImageConfigFile);
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"containerd: import {archive.Path}: config {entry.Config} is not valid: {e.Message}", e);
        }
        var diffIds = config?.Rootfs?.DiffIds ?? [];
        if (config is null || diffIds.Count != entry.Layers.Count || diffIds.Count == 0)
            throw new RuntimeException($"containerd: import {archive.Path}: config {entry.Config} lists {diffIds.Count} diff id(s) for {entry.Layers.Count} layer(s)");
        var layers = entry.Layers.Select(archive.Find).ToList();
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = new ImageDescriptor { MediaType = MediaTypes.DockerConfig, Digest = configFile.Digest, Size = configFile.Size },
            Layers = [.. layers.Select(l => new ImageDescriptor { MediaType = l.Gzip ? MediaTypes.DockerLayerGzip : MediaTypes.DockerLayer, Digest = l.Digest, Size = l.Size })],
        };
        return new PlannedImage(names, configFile, layers, config, diffIds, manifest);
    }

    /// <summary>Creates the image name, or moves an existing one to the new manifest (as a re-import or docker tag does).</summary>
    private async Task PointAsync(string name, BlobDescriptor target, string lease, CancellationToken cancellationToken)
    {
        var image = new Image { Name = name, Target = target };
        try
        {
            await _connection.Images.CreateAsync(new CreateImageRequest { Image = image }, _connection.Options(cancellationToken, lease));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            await _connection.CallAsync($"update image {name}", o => _connection.Images.UpdateAsync(
                new UpdateImageRequest { Image = image, UpdateMask = new FieldMask { Paths = { "target" } } }, o), cancellationToken, lease);
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw _connection.Failure(e, $"create image {name}");
        }
    }
}
