using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMano.Cli.Api;

/// <summary>The one source-generated JSON context of the CLI boundary (camelCase, as the plane speaks).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ItemList<NodeDto>))]
[JsonSerializable(typeof(NodeDto))]
[JsonSerializable(typeof(ItemList<EventDto>))]
[JsonSerializable(typeof(ItemList<DeploymentDto>))]
[JsonSerializable(typeof(DeploymentDto))]
[JsonSerializable(typeof(ItemList<PackageDto>))]
[JsonSerializable(typeof(PackageDto))]
[JsonSerializable(typeof(RolloutDto))]
[JsonSerializable(typeof(RevisionListDto))]
[JsonSerializable(typeof(ProblemDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
