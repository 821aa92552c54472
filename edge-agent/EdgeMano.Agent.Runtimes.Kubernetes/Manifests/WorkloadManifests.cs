using System.Globalization;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Manifests;

/// <summary>Turns a container workload spec into the apply bodies of its Deployment/StatefulSet, ConfigMap and Service.</summary>
internal static class WorkloadManifests
{
    public static WorkloadObjects Build(WorkloadSpec spec, string specHash, string nodeId, string ns, TimeSpan stopGrace)
    {
        var name = KubernetesNaming.ObjectName(nodeId, spec.Name);
        var stateful = spec.Labels.TryGetValue(KubernetesNaming.StatefulLabel, out var s) && s == "true";
        var controller = stateful ? KubernetesNaming.StatefulSet : KubernetesNaming.Deployment;

        // Owned labels on every object; the pods also carry the spec hash (a changed spec rolls them).
        var ownership = Labels(nodeId, spec.Name);
        var selector = Labels(nodeId, spec.Name);
        selector[KubernetesNaming.ControllerLabel] = controller;
        var objectLabels = SpecLabels(spec);
        foreach (var (k, v) in ownership) objectLabels[k] = v?.DeepClone();
        objectLabels[KubernetesNaming.SpecHashLabel] = specHash;
        var podLabels = (JsonObject)objectLabels.DeepClone();
        podLabels[KubernetesNaming.ControllerLabel] = controller;

        var configMap = new AppliedObject(ResourceKind.ConfigMap, ns, name, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = Metadata(name, ns, ownership),
            ["data"] = Env(spec),
        });

        var hostPorts = spec.Ports.Where(p => p.HostPort != 0).ToList();
        var service = spec.Ports.Count == 0 ? null : new AppliedObject(ResourceKind.Service, ns, name, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = Metadata(name, ns, ownership),
            ["spec"] = new JsonObject
            {
                // A host port is a node port (reachable on every node); the API server rejects one outside
                // its node-port range (30000-32767 by default) with 422, which the caller reports.
                ["type"] = hostPorts.Count > 0 ? "NodePort" : "ClusterIP",
                ["selector"] = selector.DeepClone(),
                ["ports"] = new JsonArray([.. spec.Ports.Select(ServicePort)]),
            },
        });

        var workloadMetadata = Metadata(name, ns, objectLabels);
        if (hostPorts.Count > 0)
            workloadMetadata["annotations"] = new JsonObject
            {
                [KubernetesNaming.HostPortsAnnotation] = string.Join(",", hostPorts.Select(p => $"{p.ContainerPort}:{p.HostPort}")),
            };
        var workloadSpec = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = selector },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = podLabels },
                ["spec"] = PodTemplate.PodSpec(spec, name, stopGrace),
            },
        };
        if (stateful)
        {
            // A StatefulSet names its governing Service; it is the workload's own Service when it has ports.
            workloadSpec["serviceName"] = name;
        }
        else
        {
            // One instance at a time, like the other runtimes: a second pod would fight the first for
            // its host paths and node ports during a rolling update.
            workloadSpec["strategy"] = new JsonObject { ["type"] = "Recreate" };
        }
        var kind = stateful ? ResourceKind.StatefulSet : ResourceKind.Deployment;
        var workload = new AppliedObject(kind, ns, name, new JsonObject
        {
            ["apiVersion"] = kind.ApiVersion,
            ["kind"] = kind.Kind,
            ["metadata"] = workloadMetadata,
            ["spec"] = workloadSpec,
        });
        return new WorkloadObjects(workload, configMap, service);
    }

    public static AppliedObject Namespace(string ns) => new(ResourceKind.Namespace, "", ns, new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject
        {
            ["name"] = ns,
            ["labels"] = new JsonObject { [KubernetesNaming.ManagedByLabel] = KubernetesNaming.ManagedByValue },
        },
    });

    private static JsonObject Labels(string nodeId, string workload) => new()
    {
        [KubernetesNaming.ManagedByLabel] = KubernetesNaming.ManagedByValue,
        [KubernetesNaming.NodeLabel] = nodeId,
        [KubernetesNaming.WorkloadLabel] = workload,
    };

    /// <summary>The spec's own labels; ours are set after them, so a spec cannot claim or disown ownership.</summary>
    private static JsonObject SpecLabels(WorkloadSpec spec)
    {
        var labels = new JsonObject();
        foreach (var (k, v) in spec.Labels) labels[k] = v;
        return labels;
    }

    private static JsonObject Metadata(string name, string ns, JsonObject labels) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["labels"] = labels.DeepClone(),
    };

    private static JsonObject Env(WorkloadSpec spec)
    {
        var data = new JsonObject();
        foreach (var (k, v) in spec.Env) data[k] = v;
        return data;
    }

    private static JsonObject ServicePort(PortMapping port)
    {
        var protocol = PodTemplate.Protocol(port.Protocol);
        var p = new JsonObject
        {
            ["name"] = $"{protocol.ToLowerInvariant()}-{port.ContainerPort.ToString(CultureInfo.InvariantCulture)}",
            ["protocol"] = protocol,
            ["port"] = port.ContainerPort,
            ["targetPort"] = port.ContainerPort,
        };
        if (port.HostPort != 0) p["nodePort"] = port.HostPort;
        return p;
    }
}
