using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Api;

// The few fields the driver reads from lists and watch events. The client's own models are
// complete but its JSON context is internal, and generating one for the whole pod spec graph
// would add megabytes to the agent for fields it never reads.

internal interface IKubeObject
{
    ObjectMeta Metadata { get; }
}

internal sealed class ObjectMeta
{
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string Uid { get; set; } = "";
    public string ResourceVersion { get; set; } = "";
    public DateTimeOffset? CreationTimestamp { get; set; }
    public DateTimeOffset? DeletionTimestamp { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary>A Deployment or StatefulSet.</summary>
internal sealed class WorkloadObject : IKubeObject
{
    public string Kind { get; set; } = "";
    public ObjectMeta Metadata { get; set; } = new();
    public WorkloadStatus? Status { get; set; }
}

internal sealed class WorkloadStatus
{
    public int Replicas { get; set; }
    public int ReadyReplicas { get; set; }
    public int AvailableReplicas { get; set; }
}

internal sealed class PodObject : IKubeObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public PodStatus? Status { get; set; }
}

internal sealed class PodStatus
{
    public string Phase { get; set; } = "";
    public DateTimeOffset? StartTime { get; set; }
    public List<ContainerStatus>? ContainerStatuses { get; set; }
}

internal sealed class ContainerStatus
{
    public string Name { get; set; } = "";
    public int RestartCount { get; set; }
    public bool Ready { get; set; }
    public ContainerState? State { get; set; }
    public ContainerState? LastState { get; set; }
}

internal sealed class ContainerState
{
    public RunningState? Running { get; set; }
    public WaitingState? Waiting { get; set; }
    public TerminatedState? Terminated { get; set; }
}

internal sealed class RunningState
{
    public DateTimeOffset? StartedAt { get; set; }
}

internal sealed class WaitingState
{
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
}

internal sealed class TerminatedState
{
    public int ExitCode { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class ObjectList<T>
{
    public ListMeta Metadata { get; set; } = new();
    public List<T> Items { get; set; } = [];
}

internal sealed class ListMeta
{
    public string ResourceVersion { get; set; } = "";
}

/// <summary>One line of a watch stream; the object is a Status when the type is ERROR.</summary>
internal sealed class WatchEvent
{
    public string Type { get; set; } = "";
    public JsonElement Object { get; set; }
}

/// <summary>The API server's error body (kind: Status).</summary>
internal sealed class ApiStatus
{
    public string Status { get; set; } = "";
    public string Message { get; set; } = "";
    public string Reason { get; set; } = "";
    public int Code { get; set; }
    public StatusDetails? Details { get; set; }
}

internal sealed class StatusDetails
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public List<StatusCause>? Causes { get; set; }
}

internal sealed class StatusCause
{
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
    public string Field { get; set; } = "";
}

/// <summary>helm.cattle.io/v1 HelmChart: ownership and the name of its install job.</summary>
internal sealed class HelmChartObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public HelmChartSpecView? Spec { get; set; }
    public HelmChartStatusView? Status { get; set; }
}

internal sealed class HelmChartSpecView
{
    public string TargetNamespace { get; set; } = "";
}

internal sealed class HelmChartStatusView
{
    public string JobName { get; set; } = "";
}

/// <summary><c>helm status -o json</c>: only the release state.</summary>
internal sealed class HelmStatusOutput
{
    public HelmStatusInfo? Info { get; set; }
    public int Version { get; set; }
}

internal sealed class HelmStatusInfo
{
    public string Status { get; set; } = "";
    public string Description { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectList<WorkloadObject>))]
[JsonSerializable(typeof(ObjectList<PodObject>))]
[JsonSerializable(typeof(WorkloadObject))]
[JsonSerializable(typeof(PodObject))]
[JsonSerializable(typeof(WatchEvent))]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(HelmChartObject))]
[JsonSerializable(typeof(HelmStatusOutput))]
internal sealed partial class KubeJsonContext : JsonSerializerContext;
