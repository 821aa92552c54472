using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Content;
using EdgeMano.Agent.Runtimes.Containerd.Api.Images;
using Grpc.Core;

namespace EdgeMano.Agent.Runtimes.Containerd.Images;

/// <summary>An image as the driver needs it: run defaults, layers, and the snapshot chain ids of its root filesystem.</summary>
internal sealed record ResolvedImage(string Reference, string Name, ImageDescriptor ConfigBlob, ImageConfigFile Config,
    IReadOnlyList<ImageDescriptor> Layers, IReadOnlyList<string> DiffIds, IReadOnlyList<string> ChainIds)
{
    /// <summary>The committed snapshot a container's root filesystem is prepared from.</summary>
    public string ChainId => ChainIds[^1];
}

/// <summary>Finds images in the agent's namespace and reads manifest, config and layer list from the content store.</summary>
internal sealed class ImageStore(ContainerdConnection connection)
{
    // Manifests and configs are small; anything larger is not one.
    private const int MaxDocumentBytes = 4 * 1024 * 1024;

    public async Task<ResolvedImage> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var image = await GetImageAsync(reference, cancellationToken);
        var manifestBlob = ToImageDescriptor(image.Target);
        if (MediaTypes.IsIndex(manifestBlob.MediaType))
        {
            var index = await ReadJsonAsync(manifestBlob.Digest, ContainerdJsonContext.Default.ImageIndex, $"read index of image {reference}", cancellationToken);
            manifestBlob = PickPlatform(index, reference);
        }
        if (!MediaTypes.IsManifest(manifestBlob.MediaType))
            throw new RuntimeException($"containerd: image {reference} points at {manifestBlob.MediaType}, not an image manifest or index");
        var manifest = await ReadJsonAsync(manifestBlob.Digest, ContainerdJsonContext.Default.ImageManifest, $"read manifest of image {reference}", cancellationToken);
        var config = await ReadJsonAsync(manifest.Config.Digest, ContainerdJsonContext.Default.ImageConfigFile, $"read config of image {reference}", cancellationToken);

        var diffIds = config.Rootfs?.DiffIds ?? [];
        if (diffIds.Count == 0 || diffIds.Count != manifest.Layers.Count)
            throw new RuntimeException($"containerd: image {reference} is inconsistent: {manifest.Layers.Count} layer(s) in the manifest, {diffIds.Count} diff id(s) in its config");
        return new ResolvedImage(reference, image.Name, manifest.Config, config, manifest.Layers, diffIds, ChainIds(diffIds));
    }

    /// <summary>The OCI chain id of each layer: the identity of the snapshot that holds it and all below it.</summary>
    public static List<string> ChainIds(IReadOnlyList<string> diffIds)
    {
        var chain = new List<string>(diffIds.Count) { diffIds[0] };
        for (var i = 1; i < diffIds.Count; i++) chain.Add(Sha256Digest.Of(chain[i - 1] + " " + diffIds[i]));
        return chain;
    }

    public async Task<byte[]> ReadBlobAsync(string digest, string operation, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            using var call = connection.Content.Read(new ReadContentRequest { Digest = digest }, connection.Options(cancellationToken));
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (buffer.Length + chunk.Data.Length > MaxDocumentBytes)
                    throw new RuntimeException($"containerd: {operation}: blob {digest} is larger than {MaxDocumentBytes / 1024 / 1024} MiB");
                chunk.Data.WriteTo(buffer);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new RuntimeException($"containerd: {operation}: blob {digest} is missing from the content store (re-import the image)", e);
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw connection.Failure(e, operation);
        }
        return buffer.ToArray();
    }

    private async Task<Image> GetImageAsync(string reference, CancellationToken cancellationToken)
    {
        // The normalized name first (what ctr import and the importer store), then the name as written.
        var normalized = ImageNames.Normalize(reference);
        foreach (var name in normalized == reference ? [reference] : new[] { normalized, reference })
        {
            var found = await connection.CallOrNotFoundAsync($"look up image {reference}",
                o => connection.Images.GetAsync(new GetImageRequest { Name = name }, o), cancellationToken);
            if (found?.Image is { } image) return image;
        }
        throw new RuntimeException(
            $"containerd: image {reference} is not in namespace {connection.Namespace}; import it with " +
            $"`ctr -n {connection.Namespace} images import IMAGE.tar` (docker save format) or the agent's importer; this driver never pulls");
    }

    private async Task<T> ReadJsonAsync<T>(string digest, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        var bytes = await ReadBlobAsync(digest, operation, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new RuntimeException($"containerd: {operation}: blob {digest} is empty");
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"containerd: {operation}: blob {digest} is not valid JSON: {e.Message}", e);
        }
    }

    private static ImageDescriptor PickPlatform(ImageIndex index, string reference)
    {
        var arch = HostArchitecture();
        return index.Manifests.FirstOrDefault(m => m.Platform is { Os: "linux" } p && p.Architecture == arch)
            ?? throw new RuntimeException($"containerd: image {reference} has no linux/{arch} variant (it has: " +
                string.Join(", ", index.Manifests.Select(m => $"{m.Platform?.Os}/{m.Platform?.Architecture}")) + ")");
    }

    public static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static ImageDescriptor ToImageDescriptor(Api.Types.BlobDescriptor blob) =>
        new() { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size };
}
