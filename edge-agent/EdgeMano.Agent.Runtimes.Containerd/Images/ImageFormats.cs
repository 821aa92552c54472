using System.Text.Json.Serialization;

namespace EdgeMano.Agent.Runtimes.Containerd.Images;

// OCI image-spec / Docker schema 2 documents, reduced to what the driver and the importer read or write.

internal static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public static bool IsIndex(string mediaType) => mediaType is DockerManifestList or OciIndex;

    public static bool IsManifest(string mediaType) => mediaType is DockerManifest or OciManifest;
}

internal sealed record ImageDescriptor
{
    [JsonPropertyName("mediaType")] public string MediaType { get; init; } = "";
    [JsonPropertyName("digest")] public string Digest { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("platform")] public ImagePlatform? Platform { get; init; }
}

internal sealed record ImagePlatform
{
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "";
    [JsonPropertyName("os")] public string Os { get; init; } = "";
    [JsonPropertyName("variant")] public string? Variant { get; init; }
}

/// <summary>An OCI index or a Docker manifest list.</summary>
internal sealed record ImageIndex
{
    [JsonPropertyName("manifests")] public List<ImageDescriptor> Manifests { get; init; } = [];
}

internal sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("config")] public ImageDescriptor Config { get; init; } = new();
    [JsonPropertyName("layers")] public List<ImageDescriptor> Layers { get; init; } = [];
}

/// <summary>The image configuration blob (what <c>docker inspect</c> shows as Config and RootFS).</summary>
internal sealed record ImageConfigFile
{
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("os")] public string? Os { get; init; }
    [JsonPropertyName("config")] public ImageRunConfig? Config { get; init; }
    [JsonPropertyName("rootfs")] public ImageRootfs? Rootfs { get; init; }
}

internal sealed record ImageRunConfig
{
    [JsonPropertyName("User")] public string? User { get; init; }
    [JsonPropertyName("Env")] public List<string>? Env { get; init; }
    [JsonPropertyName("Entrypoint")] public List<string>? Entrypoint { get; init; }
    [JsonPropertyName("Cmd")] public List<string>? Cmd { get; init; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; init; }
}

internal sealed record ImageRootfs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public List<string> DiffIds { get; init; } = [];
}

/// <summary>One entry of a docker-archive's manifest.json (docker save).</summary>
internal sealed record DockerArchiveEntry
{
    [JsonPropertyName("Config")] public string Config { get; init; } = "";
    [JsonPropertyName("RepoTags")] public List<string>? RepoTags { get; init; }
    [JsonPropertyName("Layers")] public List<string> Layers { get; init; } = [];
}
