using System.Text.Json.Serialization;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>The one JSON boundary of the Docker driver: source-generated, so the agent stays AOT-clean.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(CreateContainerRequest))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ExecInspect))]
[JsonSerializable(typeof(EngineError))]
[JsonSerializable(typeof(ProgressLine))]
[JsonSerializable(typeof(EngineEvent))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(NetworkInspect))]
[JsonSerializable(typeof(List<NetworkInspect>))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkConnectRequest))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
