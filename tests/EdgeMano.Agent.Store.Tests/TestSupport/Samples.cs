using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Store.Tests.TestSupport;

/// <summary>Values where every field differs from its default, so a dropped field shows in a round trip.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static WorkloadSpec Container(string name = "web") => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = "local/busybox:1",
        Command = new(["/bin/httpd"]),
        Args = new(["-f", "-p", "8080"]),
        Env = Map(("B", "2"), ("A", "1")),
        Ports = new([new PortMapping { ContainerPort = 8080, HostPort = 18080, Protocol = "udp", HostIp = "127.0.0.1" }]),
        Mounts = new([new MountSpec { Source = "/srv/www", Target = "/www", ReadOnly = true }]),
        Resources = new ResourceLimits { Cpus = 0.25, MemoryBytes = 64L << 20 },
        Restart = new RestartSpec
        {
            Mode = RestartMode.OnFailure,
            MaxRetries = 5,
            BackoffUnit = TimeSpan.FromMilliseconds(250),
            BackoffCap = TimeSpan.FromSeconds(30),
            HealthyReset = TimeSpan.FromSeconds(90),
        },
        Health = new HealthProbeSpec
        {
            Kind = ProbeKind.Http,
            Path = "/healthz",
            Port = 8080,
            Command = new(["/bin/true"]),
            Period = TimeSpan.FromSeconds(3),
            Timeout = TimeSpan.FromMilliseconds(1500),
            FailureThreshold = 7,
            InitialDelay = TimeSpan.FromSeconds(2),
        },
        Labels = Map(("team", "ran"), ("tier", "edge")),
        WorkingDir = "/www",
        Network = "host",
        // Not a valid combination with host networking, but the mappers do not validate: this only has to round-trip.
        Networks = new([
            new NetworkAttachment { Name = "ns1-link", Aliases = new(["web.ns1", "web"]) },
            new NetworkAttachment { Name = "ns1-mgmt" },
        ]),
        Hosts = Map(("pnf.ns1", "10.0.0.7"), ("gw.ns1", "fd00::1")),
    };

    public static WorkloadSpec Process(string name = "agentlet") => new()
    {
        Name = name,
        Kind = WorkloadKind.Process,
        Command = new(["/bin/sleep", "3600"]),
        Restart = new RestartSpec { Mode = RestartMode.Never },
        Health = new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new(["/bin/true"]) },
    };

    public static DesiredState Desired(long revision) => new()
    {
        NodeId = "node-1",
        Revision = revision,
        Workloads = new([Container(), Process()]),
        IssuedAt = Noon.AddTicks(1234567),
        Source = "plane-a",
    };

    public static WorkloadRecord Record(string name = "web") => new()
    {
        Name = name,
        Phase = WorkloadPhase.BackingOff,
        Health = HealthState.Unhealthy,
        Restarts = 4,
        ConsecutiveFailures = 2,
        LastExitCode = 137,
        LastError = "exited with 137",
        RuntimeId = "c0ffee",
        SpecHash = "0123456789abcdef",
        // Sub-millisecond ticks and a non-UTC offset: the store must keep the instant exactly.
        Since = Noon.AddTicks(1),
        LastStartedAt = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(9999),
        HandledExitAt = Noon.AddSeconds(5).AddTicks(42),
        NextAttemptAt = Noon.AddSeconds(9),
    };

    public static AgentEvent Event(string message) =>
        new() { At = Noon, Workload = "web", Reason = "Started", Message = message, Severity = "warning" };

    private static ValueMap Map(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
