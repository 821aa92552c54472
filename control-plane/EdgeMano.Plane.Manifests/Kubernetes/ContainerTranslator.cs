using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// One container into a draft workload: image, command/args (<c>$(VAR)</c> expanded), workingDir,
/// env, ports, resource limits, liveness probe, volume mounts.
/// </summary>
/// <remarks>
/// Ports: a <c>hostPort</c> publishes on all addresses (or <c>hostIP</c>); a port without one is
/// published on 127.0.0.1 at the same number, which is how the node (and the agent's probe) reaches
/// it, like a pod IP inside a cluster; a NodePort Service may then publish it on all addresses.
/// Limits: <c>cpu</c> ("500m", "1") and <c>memory</c> ("128Mi", "1G"); requests are ignored (there
/// is no scheduler to reserve for); other resources are errors.
/// </remarks>
internal static class ContainerTranslator
{
    private static readonly FieldPolicy Policy = new(
        ["name", "image", "command", "args", "workingDir", "env", "envFrom", "ports", "resources", "livenessProbe", "startupProbe", "volumeMounts"],
        ["imagePullPolicy", "readinessProbe", "terminationMessagePath", "terminationMessagePolicy", "stdin", "stdinOnce", "tty", "resizePolicy"],
        new Dictionary<string, string>
        {
            ["lifecycle"] = "the agent runs no postStart/preStop hooks",
            ["volumeDevices"] = "the agent does not pass block devices",
            ["restartPolicy"] = "sidecar containers need pod start-up ordering, which the agent does not have",
        })
    { EmptyOnly = ["securityContext"] };

    private static readonly string[] PortKeys = ["containerPort", "hostPort", "name", "protocol", "hostIP"];

    public static void Read(YamlMapping container, WorkloadDraft draft, IReadOnlyDictionary<string, PodVolume> volumes, TranslationContext context)
    {
        var ignored = Policy.Check(container, "container");
        if (ignored.Count > 0)
            context.Note(draft.Source, container.Path, $"{draft.Describe()}: ignored on container nodes: {string.Join(", ", ignored)}");

        draft.Image = container.String("image", required: true) ?? "";
        draft.Origin("image", YamlPath.Child(container.Path, "image"));
        draft.WorkingDir = container.String("workingDir") ?? "";
        draft.Origin("workingDir", YamlPath.Child(container.Path, "workingDir"));

        EnvTranslator.Read(container, draft, context);
        draft.Origin("env", YamlPath.Child(container.Path, "env"));
        draft.Command = (container.StringList("command") ?? []).Select(a => EnvTranslator.Expand(a, draft.Env)).ToList();
        draft.Origin("command", YamlPath.Child(container.Path, "command"));
        draft.Args = (container.StringList("args") ?? []).Select(a => EnvTranslator.Expand(a, draft.Env)).ToList();
        draft.Origin("args", YamlPath.Child(container.Path, "args"));

        ReadPorts(container, draft);
        draft.Resources = ReadResources(container, draft);
        draft.Health = ProbeTranslator.Read(container, draft);
        VolumeTranslator.ReadMounts(container, volumes, draft);
    }

    private static void ReadPorts(YamlMapping container, WorkloadDraft draft)
    {
        foreach (var item in container.List("ports") ?? [])
        {
            if (item.AsMapping(PortKeys) is not { } m) continue;
            var containerPort = m.Int32("containerPort", min: 1, max: 65535, required: true);
            var protocol = m.OneOf("protocol", ["TCP", "UDP", "SCTP"]) ?? "TCP";
            if (protocol == "SCTP") m.Get("protocol")!.Error("SCTP cannot be translated for container nodes: the agent publishes tcp and udp ports");
            if (containerPort is null) continue;
            var hostPort = m.Int32("hostPort", min: 1, max: 65535);
            var index = draft.Ports.Count;
            draft.Ports.Add(new DraftPort
            {
                ContainerPort = containerPort.Value,
                HostPort = hostPort ?? 0,
                HostIp = m.String("hostIP") ?? (hostPort is null ? "127.0.0.1" : ""),
                Protocol = protocol.ToLowerInvariant(),
                Name = m.String("name") ?? "",
                Path = hostPort is null ? item.Path : YamlPath.Child(item.Path, "hostPort"),
                Origin = draft.Source,
                IsPublished = hostPort is not null,
            });
            draft.Origin($"ports[{index}]", item.Path);
        }
    }

    private static ResourceLimits ReadResources(YamlMapping container, WorkloadDraft draft)
    {
        var resources = container.Mapping("resources", ["limits", "requests", "claims"]);
        if (resources is null) return ResourceLimits.None;
        if (resources.List("claims") is { Count: > 0 })
            resources.Get("claims")!.Error("resource claims cannot be translated for container nodes: there is no dynamic resource allocation");
        var limits = resources.Mapping("limits", null);
        if (limits is null) return ResourceLimits.None;
        foreach (var key in limits.Keys.Where(k => k is not ("cpu" or "memory")))
        {
            limits.Get(key)?.Error($"resource limit '{key}' cannot be translated for container nodes: the agent limits cpu and memory only");
        }
        draft.Origin("resources.cpus", YamlPath.Child(limits.Path, "cpu"));
        draft.Origin("resources.memory", YamlPath.Child(limits.Path, "memory"));
        return new ResourceLimits { Cpus = limits.Cpu("cpu") ?? 0, MemoryBytes = limits.ByteSize("memory") ?? 0 };
    }
}
