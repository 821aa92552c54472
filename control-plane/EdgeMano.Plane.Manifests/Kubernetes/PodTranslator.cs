using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// Pods and the controllers that make them (Deployment, StatefulSet, ReplicaSet, DaemonSet) into
/// one draft workload per container, named <c>{prefix}-{metadata.name}</c>, plus <c>-{container}</c>
/// when the pod has more than one container.
/// </summary>
/// <remarks>
/// A container node runs one instance: <c>replicas</c> must be 1 or absent (0 produces nothing,
/// with a note). Containers of one pod become separate workloads that do not share localhost
/// (noted). <c>initContainers</c>, <c>volumeClaimTemplates</c>, host PID/IPC namespaces and
/// similar are errors; scheduling fields (nodeSelector, affinity, tolerations, ...) are ignored.
/// <c>restartPolicy</c> maps to the restart mode; <c>hostNetwork: true</c> to the host network.
/// </remarks>
internal static class PodTranslator
{
    public static readonly string[] Kinds = ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Pod"];

    private static readonly string[] Scheduling =
    [
        "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeSelector", "nodeName", "affinity",
        "tolerations", "imagePullSecrets", "terminationGracePeriodSeconds", "dnsPolicy", "schedulerName", "priorityClassName",
        "priority", "topologySpreadConstraints", "enableServiceLinks", "preemptionPolicy", "hostname", "subdomain",
        "setHostnameAsFQDN", "readinessGates", "overhead", "os",
    ];

    private static readonly FieldPolicy PodPolicy = new(
        ["containers", "initContainers", "volumes", "restartPolicy", "hostNetwork"], Scheduling,
        new Dictionary<string, string>
        {
            ["hostPID"] = "the agent does not share the node's process namespace",
            ["hostIPC"] = "the agent does not share the node's IPC namespace",
            ["shareProcessNamespace"] = "the pod's containers become separate containers",
            ["hostAliases"] = "the agent does not edit a container's /etc/hosts",
            ["dnsConfig"] = "the agent does not set a container's DNS configuration",
            ["ephemeralContainers"] = "ephemeral debug containers exist only on a cluster",
        })
    { EmptyOnly = ["securityContext"] };

    private static readonly Dictionary<string, FieldPolicy> ControllerPolicies = new()
    {
        ["Deployment"] = new(["replicas", "selector", "template"], ["strategy", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds", "paused"]),
        ["ReplicaSet"] = new(["replicas", "selector", "template"], ["minReadySeconds"]),
        ["DaemonSet"] = new(["selector", "template"], ["updateStrategy", "minReadySeconds", "revisionHistoryLimit"]),
        ["StatefulSet"] = new(["replicas", "selector", "template"],
            ["serviceName", "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals"],
            new Dictionary<string, string> { ["volumeClaimTemplates"] = "there is no volume provisioner on a container node; use a hostPath volume" }),
    };

    public static void Translate(ManifestObject obj, TranslationContext context, List<WorkloadDraft> drafts)
    {
        YamlMapping? podSpec;
        IReadOnlyDictionary<string, string> labels;
        string podPath;
        if (obj.Kind == "Pod")
        {
            podSpec = obj.Root.Mapping("spec", null, required: true);
            labels = Labels(obj.Metadata);
            podPath = "";
        }
        else
        {
            var spec = obj.Root.Mapping("spec", null, required: true);
            if (spec is null) return;
            ControllerPolicies[obj.Kind].Check(spec, obj.Kind);
            if (!CheckReplicas(obj, spec, context)) return;
            var template = spec.Mapping("template", ["metadata", "spec"], required: true);
            if (template is null) return;
            labels = Labels(template.Mapping("metadata", null));
            CheckSelector(spec, labels);
            podSpec = template.Mapping("spec", null, required: true);
            podPath = "spec.template";
        }
        if (podSpec is null) return;
        TranslatePod(obj, podSpec, labels, YamlPath.Child(podPath, "metadata.labels"), context, drafts);
    }

    private static void TranslatePod(ManifestObject obj, YamlMapping podSpec, IReadOnlyDictionary<string, string> labels, string labelsPath, TranslationContext context, List<WorkloadDraft> drafts)
    {
        PodPolicy.Check(podSpec, "pod");
        if (podSpec.List("initContainers") is { Count: > 0 })
            podSpec.Get("initContainers")!.Error(
                "initContainers cannot be translated for container nodes: the agent has no ordered start-up phase; fold the step into the main container's command");
        var restart = podSpec.OneOf("restartPolicy", ["Always", "OnFailure", "Never"]) switch
        {
            "OnFailure" => RestartMode.OnFailure,
            "Never" => RestartMode.Never,
            _ => RestartMode.Always,
        };
        var network = podSpec.Bool("hostNetwork") == true ? "host" : "";
        var volumes = VolumeTranslator.ReadVolumes(podSpec, obj, obj.Name, context);
        var containerList = podSpec.List("containers", required: true);
        if (containerList is { Count: 0 }) podSpec.Get("containers")!.Error("a pod needs at least one container");
        var containers = containerList ?? [];
        if (containers.Count > 1)
            context.Note(obj, podSpec.Get("containers")!.Path,
                $"{obj.Describe()}: its {containers.Count} containers become separate workloads; they do not share localhost or a network namespace on a container node");

        foreach (var item in containers)
        {
            if (item.AsMapping(null) is not { } container) continue;
            var containerName = container.String("name", required: true) ?? "";
            var draft = new WorkloadDraft
            {
                Source = obj,
                Name = context.WorkloadName(obj.Name, containers.Count > 1 ? containerName : null),
                ContainerName = containerName,
                ContainerPath = container.Path,
                Namespace = obj.Namespace,
                PodLabels = labels,
                Restart = RestartSpec.Default with { Mode = restart },
                Network = network,
            };
            draft.Origin("name", containers.Count > 1 ? YamlPath.Child(container.Path, "name") : "metadata.name");
            draft.Origin("restart", YamlPath.Child(podSpec.Path, "restartPolicy"));
            draft.Origin("network", YamlPath.Child(podSpec.Path, "hostNetwork"));
            draft.Origin("labels", labelsPath);
            ContainerTranslator.Read(container, draft, volumes, context);
            drafts.Add(draft);
        }
    }

    /// <summary>False when the controller produces no workload (replicas 0 or an unreadable count).</summary>
    private static bool CheckReplicas(ManifestObject obj, YamlMapping spec, TranslationContext context)
    {
        if (!spec.Has("replicas")) return true;
        var replicas = spec.Int32("replicas", min: 0);
        switch (replicas)
        {
            case null: return true;
            case 0:
                context.Note(obj, "spec.replicas", $"{obj.Describe()} has replicas: 0; it is scaled to zero and produces no workload");
                return false;
            case 1: return true;
            default:
                spec.Get("replicas")!.Error(
                    $"replicas is {replicas}: a container node runs one instance of each workload, so only 1 (or no replicas field) can be translated");
                return true;
        }
    }

    /// <summary>The API server refuses a selector that does not select the template; so does this.</summary>
    private static void CheckSelector(YamlMapping spec, IReadOnlyDictionary<string, string> labels)
    {
        var selector = spec.Mapping("selector", ["matchLabels", "matchExpressions"]);
        foreach (var (key, value) in selector?.StringMap("matchLabels") ?? [])
        {
            if (labels.TryGetValue(key, out var actual) && actual == value) continue;
            selector!.Get("matchLabels")!.Error($"selector {key}={value} does not match the pod template's labels");
            return;
        }
    }

    private static IReadOnlyDictionary<string, string> Labels(YamlMapping? metadata) =>
        (metadata?.StringMap("labels") ?? []).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
