using System.Globalization;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Manifests;

/// <summary>The pod spec of a workload: one container, its resources, probes, mounts and env.</summary>
internal static class PodTemplate
{
    public const string ContainerName = "main";

    public static JsonObject PodSpec(WorkloadSpec spec, string objectName, TimeSpan stopGrace)
    {
        var container = new JsonObject
        {
            ["name"] = ContainerName,
            ["image"] = spec.Image,
            // Edge images are often loaded locally (no registry): never pull one that is present,
            // not even for a :latest tag, whose default policy is Always.
            ["imagePullPolicy"] = "IfNotPresent",
            ["envFrom"] = new JsonArray(new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = objectName } }),
        };
        if (spec.Command.Count > 0) container["command"] = Strings(spec.Command);
        if (spec.Args.Count > 0) container["args"] = Strings(spec.Args);
        if (!string.IsNullOrEmpty(spec.WorkingDir)) container["workingDir"] = spec.WorkingDir;
        if (spec.Ports.Count > 0)
            container["ports"] = new JsonArray([.. spec.Ports.Select(p => (JsonNode)new JsonObject
            {
                ["containerPort"] = p.ContainerPort,
                ["protocol"] = Protocol(p.Protocol),
            })]);
        if (Resources(spec.Resources) is { } resources) container["resources"] = resources;
        if (spec.Health is { } health)
        {
            // The kubelet runs the probe: liveness restarts the container, readiness gates the Service
            // and the "available" count the agent reads as Running.
            container["livenessProbe"] = Probe(health, spec);
            container["readinessProbe"] = Probe(health, spec);
        }
        if (spec.Mounts.Count > 0)
            container["volumeMounts"] = new JsonArray([.. spec.Mounts.Select((m, i) => (JsonNode)new JsonObject
            {
                ["name"] = $"mount-{i}",
                ["mountPath"] = m.Target,
                ["readOnly"] = m.ReadOnly,
            })]);

        var pod = new JsonObject
        {
            // Deployments and StatefulSets accept only Always: the kubelet restarts every exit (with its
            // own CrashLoopBackOff, 10 s doubling to 5 min). A spec's Never/OnFailure cannot be expressed;
            // the agent still applies its policy to what it observes (backoff, retry limit -> Failed) and
            // restarts by rollout (StartAsync), so its view of the workload stays right.
            ["restartPolicy"] = "Always",
            ["terminationGracePeriodSeconds"] = Seconds(stopGrace, minimum: 0),
            // Docker-link style service env vars would leak every Service of the namespace into the workload.
            ["enableServiceLinks"] = false,
            ["containers"] = new JsonArray(container),
        };
        // Docker networks have no Kubernetes counterpart: "host" maps to the node's network, any other
        // name to the cluster's pod network.
        if (spec.Network == "host") pod["hostNetwork"] = true;
        if (spec.Mounts.Count > 0)
            // A mount source is a path on the node, as for Docker: a hostPath volume (the pod sees the
            // node it was scheduled to; on a multi-node cluster that is the operator's to pin).
            pod["volumes"] = new JsonArray([.. spec.Mounts.Select((m, i) => (JsonNode)new JsonObject
            {
                ["name"] = $"mount-{i}",
                ["hostPath"] = new JsonObject { ["path"] = m.Source },
            })]);
        return pod;
    }

    public static string Protocol(string protocol) => protocol.ToLowerInvariant() switch
    {
        "udp" => "UDP",
        "sctp" => "SCTP",
        _ => "TCP",
    };

    /// <summary>Requests equal to limits: the scheduler reserves what the workload may use (Guaranteed QoS when both are set).</summary>
    private static JsonObject? Resources(ResourceLimits limits)
    {
        var amounts = new JsonObject();
        if (limits.Cpus > 0) amounts["cpu"] = Math.Max(1, (long)Math.Round(limits.Cpus * 1000)).ToString(CultureInfo.InvariantCulture) + "m";
        if (limits.MemoryBytes > 0) amounts["memory"] = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        if (amounts.Count == 0) return null;
        return new JsonObject { ["requests"] = amounts.DeepClone(), ["limits"] = amounts };
    }

    private static JsonObject Probe(HealthProbeSpec health, WorkloadSpec spec)
    {
        // Port 0 means the workload's first port, as the agent's own prober reads it.
        var port = health.Port != 0 ? health.Port : spec.Ports.Count > 0 ? spec.Ports[0].ContainerPort : 80;
        var probe = health.Kind switch
        {
            ProbeKind.Http => new JsonObject { ["httpGet"] = new JsonObject { ["path"] = health.Path, ["port"] = port } },
            ProbeKind.Tcp => new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = port } },
            _ => new JsonObject { ["exec"] = new JsonObject { ["command"] = Strings(health.Command) } },
        };
        probe["periodSeconds"] = Seconds(health.Period, minimum: 1);
        probe["timeoutSeconds"] = Seconds(health.Timeout, minimum: 1);
        probe["failureThreshold"] = Math.Max(1, health.FailureThreshold);
        if (health.InitialDelay > TimeSpan.Zero) probe["initialDelaySeconds"] = Seconds(health.InitialDelay, minimum: 0);
        return probe;
    }

    private static int Seconds(TimeSpan t, int minimum) => Math.Max(minimum, (int)Math.Ceiling(t.TotalSeconds));

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
}
