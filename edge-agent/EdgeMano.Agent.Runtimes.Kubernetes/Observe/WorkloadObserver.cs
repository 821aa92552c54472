using System.Globalization;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;
using EdgeMano.Agent.Runtimes.Kubernetes.Manifests;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Observe;

/// <summary>Turns a watched Deployment/StatefulSet and its pods into the port's observation. No I/O.</summary>
internal static class WorkloadObserver
{
    /// <summary>Null when the object lacks the workload label (nothing this driver made).</summary>
    public static KubernetesWorkloadStatus? Observe(WorkloadObject workload, IEnumerable<PodObject> pods, string runtimeName)
    {
        var meta = workload.Metadata;
        if (meta.Labels is null || !meta.Labels.TryGetValue(KubernetesNaming.WorkloadLabel, out var name)) return null;
        var controller = workload.Kind == ResourceKind.StatefulSet.Kind ? KubernetesNaming.StatefulSet : KubernetesNaming.Deployment;
        var mine = pods.Where(p => p.Metadata.Labels is { } l
            && l.GetValueOrDefault(KubernetesNaming.WorkloadLabel) == name
            && l.GetValueOrDefault(KubernetesNaming.ControllerLabel) == controller).ToList();
        var containers = mine.Select(p => (Pod: p, Container: MainContainer(p))).Where(x => x.Container is not null).ToList();

        var lastExit = containers
            .Select(x => x.Container!.State?.Terminated ?? x.Container.LastState?.Terminated)
            .Where(t => t is not null)
            .OrderByDescending(t => t!.FinishedAt ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
        var available = workload.Status?.AvailableReplicas ?? 0;
        // A container that is terminated now, or waiting to be restarted after an exit (CrashLoopBackOff).
        var crashed = containers.Any(x => x.Container!.State?.Terminated is not null
            || x.Container.State?.Waiting is not null && x.Container.LastState?.Terminated is not null);
        var state = meta.DeletionTimestamp is not null ? InstanceState.Unknown
            : available >= 1 ? InstanceState.Running
            : crashed ? InstanceState.Exited
            // Scheduling, pulling, starting, or not ready yet: the planner leaves it alone.
            : InstanceState.Unknown;
        var startedAt = containers.Select(x => x.Container!.State?.Running?.StartedAt).Where(t => t is not null).Max()
            ?? mine.Select(p => p.Status?.StartTime).Where(t => t is not null).Max()
            ?? meta.CreationTimestamp;
        var waiting = containers.Select(x => x.Container!.State?.Waiting).FirstOrDefault(w => w is not null);

        var observed = new ObservedWorkload
        {
            Name = name,
            RuntimeId = KubernetesNaming.RuntimeId(controller, meta.Name, meta.Uid),
            Runtime = runtimeName,
            SpecHash = meta.Labels.GetValueOrDefault(KubernetesNaming.SpecHashLabel, ""),
            State = state,
            ExitCode = state == InstanceState.Exited ? lastExit?.ExitCode : null,
            StartedAt = startedAt,
            FinishedAt = lastExit?.FinishedAt,
            HostPorts = HostPorts(meta.Annotations),
        };
        return new KubernetesWorkloadStatus
        {
            Workload = observed,
            Kind = workload.Kind,
            Namespace = meta.Namespace,
            ObjectName = meta.Name,
            AvailableReplicas = available,
            RestartCount = containers.Sum(x => x.Container!.RestartCount),
            LastExitCode = lastExit?.ExitCode,
            LastExitReason = lastExit?.Reason ?? "",
            LastExitAt = lastExit?.FinishedAt,
            Waiting = waiting is null ? "" : waiting.Message.Length > 0 ? $"{waiting.Reason}: {waiting.Message}" : waiting.Reason,
        };
    }

    private static ContainerStatus? MainContainer(PodObject pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null) return null;
        var statuses = pod.Status?.ContainerStatuses;
        return statuses?.FirstOrDefault(c => c.Name == PodTemplate.ContainerName) ?? statuses?.FirstOrDefault();
    }

    private static Dictionary<int, int> HostPorts(Dictionary<string, string>? annotations)
    {
        var ports = new Dictionary<int, int>();
        if (annotations?.GetValueOrDefault(KubernetesNaming.HostPortsAnnotation) is not { Length: > 0 } text) return ports;
        foreach (var pair in text.Split(','))
        {
            var parts = pair.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var container)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var node))
                ports.TryAdd(container, node);
        }
        return ports;
    }
}
