using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>Records with every field set to something other than its default, so a lost field shows.</summary>
internal static class PlaneSamples
{
    /// <summary>Not on a whole millisecond: what a real clock gives.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2030, 1, 1, 8, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public static WorkloadSpec FullWorkload(string name = "web") => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = "registry.local:5000/edge/web:1.2",
        Command = new(["httpd", "-f"]),
        Args = new(["-p", "8080"]),
        Env = new([new("MODE", "fast"), new("EMPTY", "")]),
        Ports = new([
            new PortMapping { ContainerPort = 8080, HostPort = 18080, Protocol = "tcp", HostIp = "127.0.0.1" },
            new PortMapping { ContainerPort = 53, HostPort = 5353, Protocol = "udp" },
        ]),
        Mounts = new([new MountSpec { Source = "/data", Target = "/srv/data", ReadOnly = true }]),
        Resources = new ResourceLimits { Cpus = 0.5, MemoryBytes = 64L << 20 },
        Restart = new RestartSpec
        {
            Mode = RestartMode.OnFailure, MaxRetries = 5, BackoffUnit = TimeSpan.FromMilliseconds(500),
            BackoffCap = TimeSpan.FromMinutes(5), HealthyReset = TimeSpan.FromHours(1),
        },
        Health = new HealthProbeSpec
        {
            Kind = ProbeKind.Http, Path = "/health", Port = 8080, Period = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromSeconds(1), FailureThreshold = 2, InitialDelay = TimeSpan.FromSeconds(3),
        },
        Labels = new([new("edgemano.deployment", "web"), new("tier", "edge")]),
        WorkingDir = "/srv",
        Network = "bridge",
    };

    public static WorkloadSpec ProcessWorkload(string name = "worker") => new()
    {
        Name = name,
        Kind = WorkloadKind.Process,
        Command = new(["/bin/sleep", "3600"]),
        Restart = new RestartSpec { Mode = RestartMode.Never },
        Health = new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new(["/bin/true"]) },
    };

    public static Deployment Deployment(string name, long sequence = 1, long generation = 3) => new()
    {
        Spec = new DeploymentSpec
        {
            Name = name,
            Selector = new ValueMap([new("site", "plant-a"), new("edgemano.io/zone", "z1")]),
            Workloads = new([FullWorkload(), ProcessWorkload()]),
        },
        Generation = generation,
        Sequence = sequence,
        CreatedAt = T0,
        UpdatedAt = T0.AddMinutes(5),
    };

    public static DesiredState Issued(string nodeId, long revision) => new()
    {
        NodeId = nodeId,
        Revision = revision,
        Workloads = new([FullWorkload(), ProcessWorkload()]),
        IssuedAt = T0.AddSeconds(revision),
        Source = "plane",
    };

    public static NodeRecord Node(string id, long desiredRevision = 4) => new()
    {
        Id = id,
        Identity = new NodeIdentity
        {
            Labels = new ValueMap([new("site", "plant-a"), new("topology.edgemano.io/rack", "r7"), new("$odd", "x")]),
            Arch = "arm64",
            Runtime = "docker",
            CpuMillis = 4000,
            MemoryBytes = 8L << 30,
            AgentVersion = "0.1.0",
        },
        Presence = Presence.Unknown,
        LastSeen = T0.AddSeconds(30),
        DesiredRevision = desiredRevision,
        ObservedRevision = 3,
        EventsDropped = 12,
        Workloads = new([
            new ReportedWorkload
            {
                Name = "web", Phase = "Running", Health = "Healthy", Restarts = 2, LastExitCode = null,
                LastError = "", SpecHash = "9f2c0011", Since = T0.AddSeconds(10),
            },
            new ReportedWorkload
            {
                Name = "job", Phase = "Exited", Health = "", Restarts = 0, LastExitCode = 137,
                LastError = "killed", SpecHash = "aa00", Since = null,
            },
        ]),
    };

    public static NodeEvent Event(string node, long sequence, string reason = "Started") => new()
    {
        NodeId = node,
        Sequence = sequence,
        At = T0.AddSeconds(sequence),
        Workload = "web",
        Reason = reason,
        Message = $"{reason} #{sequence}",
        Severity = sequence % 2 == 0 ? "warning" : "info",
    };
}
