using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>A container port being translated; services may still give it a host port.</summary>
internal sealed class DraftPort
{
    public required int ContainerPort { get; init; }
    public int HostPort { get; set; }
    public string HostIp { get; set; } = "";
    public string Protocol { get; init; } = "tcp";
    public string Name { get; init; } = "";
    /// <summary>The manifest path that decides the host port (the container port, or a Service's port).</summary>
    public required string Path { get; set; }
    public required ManifestObject Origin { get; set; }
    /// <summary>True when <see cref="HostPort"/> was written by the manifest (hostPort or a Service), not defaulted.</summary>
    public bool IsPublished { get; set; }
}

/// <summary>
/// One container of one pod, on its way to a <see cref="WorkloadSpec"/>. <see cref="Origins"/> maps
/// spec paths (as the validator names them, relative to the workload) to manifest paths, so a
/// validator finding is reported at the field that caused it.
/// </summary>
internal sealed class WorkloadDraft
{
    public required ManifestObject Source { get; init; }
    public required string Name { get; init; }
    public required string ContainerName { get; init; }
    public required string ContainerPath { get; init; }
    public required string Namespace { get; init; }
    public required IReadOnlyDictionary<string, string> PodLabels { get; init; }
    public string Image { get; set; } = "";
    public List<string> Command { get; set; } = [];
    public List<string> Args { get; set; } = [];
    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);
    public List<DraftPort> Ports { get; } = [];
    public List<MountSpec> Mounts { get; } = [];
    public ResourceLimits Resources { get; set; } = ResourceLimits.None;
    public RestartSpec Restart { get; set; } = RestartSpec.Default;
    public HealthProbeSpec? Health { get; set; }
    public string WorkingDir { get; set; } = "";
    public string Network { get; set; } = "";
    public Dictionary<string, (ManifestObject Origin, string Path)> Origins { get; } = new(StringComparer.Ordinal);

    public void Origin(string specPath, string manifestPath) => Origins[specPath] = (Source, manifestPath);

    public string Describe() => $"{Source.Describe()} container '{ContainerName}'";

    public WorkloadSpec ToSpec()
    {
        var ports = Ports.Select(p => new PortMapping { ContainerPort = p.ContainerPort, HostPort = p.HostPort, Protocol = p.Protocol, HostIp = p.HostIp });
        return new WorkloadSpec
        {
            Name = Name,
            Kind = WorkloadKind.Container,
            Image = Image,
            Command = new ValueList<string>(Command),
            Args = new ValueList<string>(Args),
            Env = new ValueMap(Env),
            Ports = new ValueList<PortMapping>(ports),
            Mounts = new ValueList<MountSpec>(Mounts),
            Resources = Resources,
            Restart = Restart,
            Health = Health,
            Labels = new ValueMap(PodLabels),
            WorkingDir = WorkingDir,
            Network = Network,
        };
    }

    /// <summary>The manifest location for a validator path relative to the workload (<c>ports[1].hostPort</c>).</summary>
    public (ManifestObject Origin, string Path) Locate(string specPath)
    {
        for (var p = specPath; ; p = YamlPath.Parent(p))
        {
            if (Origins.TryGetValue(p, out var found)) return found;
            if (p.Length == 0) return (Source, ContainerPath);
        }
    }
}
