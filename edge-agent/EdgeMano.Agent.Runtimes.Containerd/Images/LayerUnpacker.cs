using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Content;
using EdgeMano.Agent.Runtimes.Containerd.Api.Diff;
using EdgeMano.Agent.Runtimes.Containerd.Api.Snapshots;
using EdgeMano.Agent.Runtimes.Containerd.Api.Types;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EdgeMano.Agent.Runtimes.Containerd.Images;

/// <summary>
/// Turns an image's layers into committed snapshots named by chain id, as containerd's own unpack
/// does: prepare on the parent, apply the layer blob (the diff service extracts it), commit. Layers
/// already unpacked are skipped, so this is cheap for an image that is ready.
/// </summary>
internal sealed class LayerUnpacker(ContainerdConnection connection, string snapshotter)
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(10);

    public async Task<bool> IsUnpackedAsync(ResolvedImage image, CancellationToken cancellationToken) =>
        await StatAsync(image.ChainId, cancellationToken) is not null;

    /// <summary>Unpacks what is missing; call under a lease so half-made snapshots cannot be collected.</summary>
    public async Task UnpackAsync(ResolvedImage image, string lease, CancellationToken cancellationToken)
    {
        var parent = "";
        for (var i = 0; i < image.ChainIds.Count; i++)
        {
            var chainId = image.ChainIds[i];
            if (await StatAsync(chainId, cancellationToken) is null)
                await ApplyLayerAsync(image, i, parent, lease, cancellationToken);
            parent = chainId;
        }

        // The image's config references its snapshot, so the collector keeps the chain while the image exists.
        var info = new Api.Content.Info { Digest = image.ConfigBlob.Digest };
        var label = "containerd.io/gc.ref.snapshot." + snapshotter;
        info.Labels[label] = image.ChainId;
        var update = new UpdateRequest { Info = info, UpdateMask = new FieldMask { Paths = { "labels." + label } } };
        await connection.CallAsync($"label config of image {image.Reference}", o => connection.Content.UpdateAsync(update, o), cancellationToken, lease);
    }

    private async Task ApplyLayerAsync(ResolvedImage image, int layer, string parent, string lease, CancellationToken cancellationToken)
    {
        var chainId = image.ChainIds[layer];
        var key = $"extract-{Guid.NewGuid():N} {chainId}";
        var what = $"layer {layer + 1}/{image.ChainIds.Count} of image {image.Reference}";
        var prepared = await connection.CallAsync($"prepare snapshot for {what}", o => connection.Snapshots.PrepareAsync(
            new PrepareSnapshotRequest { Snapshotter = snapshotter, Key = key, Parent = parent }, o), cancellationToken, lease);
        try
        {
            var blob = image.Layers[layer];
            var apply = new ApplyRequest
            {
                Diff = new BlobDescriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size },
                Mounts = { prepared.Mounts },
            };
            var applied = await connection.CallAsync($"unpack {what}", o => connection.Diff.ApplyAsync(apply, o), cancellationToken, lease, ApplyTimeout);
            if (applied.Applied?.Digest != image.DiffIds[layer])
                throw new RuntimeException($"containerd: unpack {what}: it unpacked to {applied.Applied?.Digest}, but the image config says {image.DiffIds[layer]}");
            await CommitAsync(key, chainId, what, lease, cancellationToken);
        }
        catch
        {
            await RemoveQuietlyAsync(key);
            throw;
        }
    }

    private async Task CommitAsync(string key, string chainId, string what, string lease, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Snapshots.CommitAsync(new CommitSnapshotRequest { Snapshotter = snapshotter, Name = chainId, Key = key },
                connection.Options(cancellationToken, lease));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Unpacked meanwhile by someone else (another create, ctr): theirs is as good as ours.
            await RemoveQuietlyAsync(key);
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw connection.Failure(e, $"commit snapshot of {what}");
        }
    }

    private Task<StatSnapshotResponse?> StatAsync(string key, CancellationToken cancellationToken) =>
        connection.CallOrNotFoundAsync($"look up snapshot {key}",
            o => connection.Snapshots.StatAsync(new StatSnapshotRequest { Snapshotter = snapshotter, Key = key }, o), cancellationToken);

    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await connection.Snapshots.RemoveAsync(new RemoveSnapshotRequest { Snapshotter = snapshotter, Key = key }, connection.Options(CancellationToken.None));
        }
        catch (RpcException)
        {
            // Left for containerd's collector once the lease ends.
        }
    }
}
