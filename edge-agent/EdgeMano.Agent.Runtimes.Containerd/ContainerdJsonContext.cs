using System.Text.Json.Serialization;
using EdgeMano.Agent.Runtimes.Containerd.Images;
using EdgeMano.Agent.Runtimes.Containerd.Oci;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>
/// The one JSON boundary of the containerd driver (runtime spec, image documents): source-generated,
/// so the agent stays AOT-clean. camelCase is the runtime spec's convention; image documents name
/// their members explicitly because Docker's config mixes cases.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciSpec))]
[JsonSerializable(typeof(OciProcess))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageConfigFile))]
[JsonSerializable(typeof(List<DockerArchiveEntry>))]
internal sealed partial class ContainerdJsonContext : JsonSerializerContext;
