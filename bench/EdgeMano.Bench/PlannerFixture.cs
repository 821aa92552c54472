using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Bench;

/// <summary>
/// A node in steady state with some churn: N desired workloads against N observed instances, of
/// which 5% changed spec, 2.5% are new (desired, not running) and 2.5% are gone from the desired
/// state (running, not desired); the rest (92.5%) run their current spec. For N = 1,000 that is
/// 925 unchanged, 50 changed, 25 added, 25 removed.
/// </summary>
internal sealed class PlannerFixture
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private PlannerFixture(DesiredState state, DesiredSet desired, List<ObservedWorkload> observed,
        Dictionary<string, WorkloadRecord> records, int unchanged, int changed, int added, int removed)
    {
        State = state;
        Desired = desired;
        Observed = observed;
        Records = records;
        Unchanged = unchanged;
        Changed = changed;
        Added = added;
        Removed = removed;
    }

    public DesiredState State { get; }
    public DesiredSet Desired { get; }
    public IReadOnlyList<ObservedWorkload> Observed { get; }
    public IReadOnlyDictionary<string, WorkloadRecord> Records { get; }
    public int Unchanged { get; }
    public int Changed { get; }
    public int Added { get; }
    public int Removed { get; }

    public PlanInput Input() => new()
    {
        Desired = Desired,
        Observed = Observed,
        Records = Records,
        Now = Now,
        HealthOf = static (_, _) => HealthState.Healthy,
        HealthDetailOf = static _ => "",
    };

    public static PlannerFixture Create(int count)
    {
        var changed = count / 20;
        var added = count / 40;
        var removed = count / 40;
        var unchanged = count - changed - added;

        // Desired: 0..unchanged-1 as running, then the changed ones (new image tag), then the added
        // ones (nothing runs). Names count..count+removed-1 only run.
        var desiredSpecs = Enumerable.Range(0, count).Select(i => Spec(i, i >= unchanged && i < unchanged + changed ? "2" : "1")).ToList();
        var state = new DesiredState { NodeId = "bench", Revision = 7, Workloads = new ValueList<WorkloadSpec>(desiredSpecs), IssuedAt = Now };
        var desired = new DesiredSet(state);

        var observed = new List<ObservedWorkload>(count);
        var records = new Dictionary<string, WorkloadRecord>(StringComparer.Ordinal);
        void Running(WorkloadSpec spec, int i)
        {
            var hash = SpecHash.Compute(spec);
            var kind = spec.Kind == WorkloadKind.Container ? "docker" : "process";
            var id = spec.Kind == WorkloadKind.Container ? $"{i:x8}{new string('c', 56)}" : (10_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            observed.Add(new ObservedWorkload
            {
                Name = spec.Name, RuntimeId = id, Runtime = kind, SpecHash = hash, State = InstanceState.Running,
                StartedAt = Now.AddHours(-1),
                HostPorts = spec.Ports.ToDictionary(p => p.ContainerPort, p => p.EffectiveHostPort),
            });
            records[spec.Name] = new WorkloadRecord
            {
                Name = spec.Name, Phase = WorkloadPhase.Running, SpecHash = hash, RuntimeId = id,
                Health = spec.Health is null ? HealthState.None : HealthState.Healthy,
                Since = Now.AddHours(-1), LastStartedAt = Now.AddHours(-1),
            };
        }
        for (var i = 0; i < unchanged; i++) Running(desiredSpecs[i], i);
        for (var i = unchanged; i < unchanged + changed; i++) Running(Spec(i, "1"), i); // runs the old image
        for (var i = count; i < count + removed; i++) Running(Spec(i, "1"), i);

        // Runtimes list in their own order, not the desired order.
        var random = new Random(42);
        var shuffled = observed.OrderBy(_ => random.Next()).ToList();
        return new PlannerFixture(state, desired, shuffled, records, unchanged, changed, added, removed);
    }

    /// <summary>A typical CNF: 4 of 5 are containers with env, a port and labels; every third has a probe.</summary>
    private static WorkloadSpec Spec(int i, string tag)
    {
        var name = $"cnf-{i:d5}";
        var container = i % 5 != 0;
        return new WorkloadSpec
        {
            Name = name,
            Kind = container ? WorkloadKind.Container : WorkloadKind.Process,
            Image = container ? $"registry.local:5000/edge/cnf-{i % 17}:{tag}" : "",
            Command = container ? new ValueList<string>(["/bin/cnf"]) : new ValueList<string>(["/opt/cnf/bin/cnf-" + tag]),
            Args = new ValueList<string>(["--config", $"/etc/cnf/{name}.yaml", "--log-level", "info"]),
            Env = new ValueMap(new Dictionary<string, string>
            {
                ["CNF_NAME"] = name, ["CNF_SITE"] = "site-" + (i % 9), ["CNF_MODE"] = i % 2 == 0 ? "active" : "standby",
            }),
            Ports = container ? new ValueList<PortMapping>([new PortMapping { ContainerPort = 8080, HostPort = 20_000 + i }]) : ValueList<PortMapping>.Empty,
            Resources = new ResourceLimits { Cpus = 0.25, MemoryBytes = 64L << 20 },
            Health = i % 3 == 0 ? new HealthProbeSpec { Kind = ProbeKind.Http, Path = "/health", Port = 8080 } : null,
            Labels = new ValueMap(new Dictionary<string, string> { ["tier"] = "edge", ["app"] = $"cnf-{i % 17}" }),
        };
    }
}
