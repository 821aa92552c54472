using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Tests.Fakes;

/// <summary>Small builders for specs, desired states and observed instances.</summary>
internal static class Specs
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static WorkloadSpec Container(string name, string image = "local/app:1", RestartSpec? restart = null, HealthProbeSpec? health = null) =>
        new() { Name = name, Kind = WorkloadKind.Container, Image = image, Restart = restart ?? RestartSpec.Default, Health = health };

    public static WorkloadSpec Process(string name, string command = "/bin/sleep", RestartSpec? restart = null) =>
        new() { Name = name, Kind = WorkloadKind.Process, Command = new ValueList<string>([command]), Restart = restart ?? RestartSpec.Default };

    public static RestartSpec RestartPolicy(RestartMode mode = RestartMode.Always, int maxRetries = 0, double unitSeconds = 1, double capSeconds = 300, double healthyResetSeconds = 60) =>
        new()
        {
            Mode = mode, MaxRetries = maxRetries,
            BackoffUnit = TimeSpan.FromSeconds(unitSeconds), BackoffCap = TimeSpan.FromSeconds(capSeconds),
            HealthyReset = TimeSpan.FromSeconds(healthyResetSeconds),
        };

    public static HealthProbeSpec HttpProbe(int failureThreshold = 3, double periodSeconds = 10) =>
        new() { Kind = ProbeKind.Http, Port = 8080, FailureThreshold = failureThreshold, Period = TimeSpan.FromSeconds(periodSeconds) };

    public static DesiredState Desired(long revision, params WorkloadSpec[] workloads) =>
        new() { NodeId = "node-1", Revision = revision, Workloads = new ValueList<WorkloadSpec>(workloads) };

    public static HashedSpec Hashed(WorkloadSpec spec) => new(spec, SpecHash.Compute(spec));

    public static ObservedWorkload Observed(WorkloadSpec spec, string runtimeId, InstanceState state = InstanceState.Running,
        int? exitCode = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null, string? hash = null) =>
        new()
        {
            Name = spec.Name, RuntimeId = runtimeId, Runtime = spec.Kind == WorkloadKind.Container ? "docker" : "process",
            SpecHash = hash ?? SpecHash.Compute(spec), State = state, ExitCode = exitCode,
            StartedAt = startedAt, FinishedAt = finishedAt,
        };

    public static ObservedWorkload Orphan(string name, string runtimeId, string runtime = "docker") =>
        new() { Name = name, RuntimeId = runtimeId, Runtime = runtime, SpecHash = "0000000000000000", State = InstanceState.Running, StartedAt = T0 };
}
