using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// Services decide which container ports the node publishes to the outside.
/// </summary>
/// <remarks>
/// The Service selects pods of this set by label (same namespace); each service port finds the
/// container port by <c>targetPort</c> (a name or a number; the service <c>port</c> when absent)
/// and protocol. NodePort: the port is published on all addresses at <c>nodePort</c> (at the
/// container port when nodePort is not set, noted). LoadBalancer: at <c>nodePort</c>, else at the
/// service <c>port</c>. ClusterIP (and headless) services are noted as the DNS names they stand
/// for, with no error: container nodes have no cluster DNS or virtual IPs, and the selected
/// workloads stay reachable on the node at 127.0.0.1. ExternalName is noted and ignored.
/// </remarks>
internal static class ServiceTranslator
{
    private static readonly string[] SpecKeys =
    [
        "type", "selector", "ports", "clusterIP", "clusterIPs", "externalName", "sessionAffinity", "externalTrafficPolicy",
        "internalTrafficPolicy", "ipFamilies", "ipFamilyPolicy", "publishNotReadyAddresses", "loadBalancerIP",
        "loadBalancerSourceRanges", "loadBalancerClass", "allocateLoadBalancerNodePorts", "healthCheckNodePort",
        "sessionAffinityConfig", "externalIPs", "trafficDistribution",
    ];

    private static readonly string[] PortKeys = ["name", "port", "targetPort", "nodePort", "protocol", "appProtocol"];

    public static void Apply(ManifestObject service, IReadOnlyList<WorkloadDraft> drafts, TranslationContext context)
    {
        var spec = service.Root.Mapping("spec", SpecKeys, required: true);
        if (spec is null) return;
        var type = spec.OneOf("type", ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]) ?? "ClusterIP";
        if (type == "ExternalName")
        {
            context.Note(service, "spec.type", $"{service.Describe()} (ExternalName) is a DNS alias only; it is not translated");
            return;
        }
        var selector = spec.StringMap("selector") ?? [];
        var ports = spec.List("ports") ?? [];
        if (selector.Count == 0)
        {
            context.Note(service, "spec", $"{service.Describe()} has no selector (its endpoints are managed elsewhere); nothing is published for it");
            return;
        }
        var selected = drafts.Where(d => d.Namespace == service.Namespace && selector.All(s => d.PodLabels.TryGetValue(s.Key, out var v) && v == s.Value)).ToList();
        var dns = $"{service.Name}, {service.Name}.{service.Namespace}, {service.Name}.{service.Namespace}.svc.cluster.local";
        if (type == "ClusterIP")
        {
            var targets = selected.Count == 0 ? "no workload of this set" : string.Join(", ", selected.Select(d => d.Name).Distinct());
            context.Note(service, "spec", $"{service.Describe()} (ClusterIP) is noted as DNS names only ({dns} -> {targets}); " +
                "container nodes have no cluster DNS: the workloads are reachable on the node at 127.0.0.1 on their container ports");
            return;
        }
        if (selected.Count == 0)
        {
            spec.Get("selector")!.Error($"selects no pod of this manifest set (namespace {service.Namespace}), so its {type} ports cannot be published");
            return;
        }
        foreach (var item in ports)
        {
            if (item.AsMapping(PortKeys) is { } port) Publish(service, type, port, selected, context);
        }
    }

    private static void Publish(ManifestObject service, string type, YamlMapping port, List<WorkloadDraft> selected, TranslationContext context)
    {
        var number = port.Int32("port", min: 1, max: 65535, required: true);
        var nodePort = port.Int32("nodePort", min: 1, max: 65535);
        var protocol = (port.OneOf("protocol", ["TCP", "UDP", "SCTP"]) ?? "TCP").ToLowerInvariant();
        var target = port.Get("targetPort")?.AsString() ?? number?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (target is null) return;
        var byNumber = int.TryParse(target, out var targetNumber);

        var matched = 0;
        foreach (var draft in selected)
        {
            var containerPorts = draft.Ports.Where(p => p.Protocol == protocol && (byNumber ? p.ContainerPort == targetNumber : p.Name == target)).ToList();
            foreach (var containerPort in containerPorts)
            {
                matched++;
                var hostPort = nodePort ?? (type == "LoadBalancer" ? number ?? containerPort.ContainerPort : containerPort.ContainerPort);
                var at = nodePort is not null ? YamlPath.Child(port.Path, "nodePort") : port.Path;
                if (containerPort.IsPublished && containerPort.EffectiveHostPort() != hostPort)
                {
                    // Already published elsewhere by a hostPort: publish a second binding.
                    draft.Ports.Add(new DraftPort
                    {
                        ContainerPort = containerPort.ContainerPort, HostPort = hostPort, Protocol = protocol,
                        Name = containerPort.Name, Path = at, Origin = service, IsPublished = true,
                    });
                    draft.Origins[$"ports[{draft.Ports.Count - 1}]"] = (service, at);
                    continue;
                }
                containerPort.HostPort = hostPort;
                containerPort.HostIp = "";
                containerPort.Path = at;
                containerPort.Origin = service;
                containerPort.IsPublished = true;
                draft.Origins[$"ports[{draft.Ports.IndexOf(containerPort)}]"] = (service, at);
            }
        }
        if (matched == 0)
        {
            var field = port.Get("targetPort") ?? port.Get("port");
            field?.Error($"targets {(byNumber ? "port" : "named port")} '{target}'/{protocol}, which no container selected by {service.Describe()} declares");
        }
        else if (type == "NodePort" && nodePort is null)
        {
            context.Note(service, port.Path, $"{service.Describe()} port {number} has no nodePort; it is published on the node at the container port");
        }
    }

    private static int EffectiveHostPort(this DraftPort port) => port.HostPort == 0 ? port.ContainerPort : port.HostPort;
}
