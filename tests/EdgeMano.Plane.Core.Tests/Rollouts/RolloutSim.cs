using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Core.Tests.Rollouts;

/// <summary>How a simulated node runs the revision it was given.</summary>
internal sealed record NodeBehaviour(string Phase = "Running", string Health = "Healthy", int Restarts = 0, bool Online = true, string LastError = "");

/// <summary>
/// A fleet of simulated agents around the pure machine: decisions move a node's desired
/// revision, each tick the online nodes report what they were told (as the behaviour says), then
/// the machine observes. Checks on every step that the decision and the rollout agree.
/// </summary>
internal sealed class RolloutSim
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly RolloutRevision A = RolloutRevision.Of(1, "cam@1.0.0", [Workload("web", "local/web:1"), Workload("db", "local/db:1")]);
    public static readonly RolloutRevision B = RolloutRevision.Of(2, "cam@1.1.0", [Workload("web", "local/web:2"), Workload("db", "local/db:1"), Workload("cache", "local/cache:1")]);

    private readonly Dictionary<string, RolloutRevision> _desired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _revision = new(StringComparer.Ordinal);

    public RolloutSim(RolloutSpec spec, params string[] nodes)
    {
        foreach (var node in nodes)
        {
            _desired[node] = A;
            _revision[node] = 5;
            Nodes[node] = Report(node, A, new NodeBehaviour(), observed: 5, desired: 5);
        }
        Rollout = RolloutMachine.Start("r1", "cam", A, B, nodes, spec, Now);
    }

    public DateTimeOffset Now { get; private set; } = T0;
    public Rollout Rollout { get; private set; }
    public Dictionary<string, NodeRecord> Nodes { get; } = new(StringComparer.Ordinal);
    /// <summary>Behaviour of a node on revision B (on A nodes are always fine).</summary>
    public Func<string, NodeBehaviour> OnB { get; set; } = _ => new NodeBehaviour();
    /// <summary>Whether a node is reachable at all (a node that is not does not report).</summary>
    public Func<string, bool> Online { get; set; } = _ => true;
    public List<(DateTimeOffset At, RolloutDecision Decision)> Decisions { get; } = [];

    public static WorkloadSpec Workload(string name, string image) => new() { Name = name, Kind = WorkloadKind.Container, Image = image };

    public RolloutRevision DesiredOf(string node) => _desired[node];

    /// <summary>Advances time, lets every online node report its desired revision, and observes.</summary>
    public RolloutStep Tick(TimeSpan step)
    {
        Now += step;
        foreach (var node in _desired.Keys)
        {
            var online = Online(node);
            if (!online)
            {
                Nodes[node] = Nodes[node] with { Presence = Presence.Offline };
                continue;
            }
            var revision = _desired[node];
            Nodes[node] = Report(node, revision, revision == B ? OnB(node) : new NodeBehaviour(), _revision[node], _revision[node]);
        }
        return Observe();
    }

    public RolloutStep Observe() => Apply(RolloutMachine.Observe(Rollout, Nodes.Values, Now));

    public RolloutStep Apply(RolloutStep step)
    {
        Assert.Null(step.Error);
        Rollout = step.Rollout;
        if (!step.Decision.IsNone) Decisions.Add((Now, step.Decision));
        foreach (var node in step.Decision.ToTarget) Give(node, B);
        foreach (var node in step.Decision.ToSource) Give(node, A);
        // The decision and the rollout's own view of who runs B must agree.
        var onB = _desired.Where(d => d.Value == B).Select(d => d.Key).Order(StringComparer.Ordinal);
        Assert.Equal(onB, Rollout.TargetNodes().Order(StringComparer.Ordinal));
        return step;
    }

    /// <summary>Ticks until the rollout finishes (or the limit), returning the final state.</summary>
    public RolloutState RunToEnd(TimeSpan step, int maxTicks = 1000)
    {
        for (var i = 0; i < maxTicks && !Rollout.IsFinished; i++) Tick(step);
        return Rollout.State;
    }

    public IEnumerable<string> Told(int wave) => Rollout.Waves[wave].Nodes.Select(n => n.Node);

    private void Give(string node, RolloutRevision revision)
    {
        _desired[node] = revision;
        _revision[node]++;
        // Until it reports again the plane knows it was issued a newer revision than it applied.
        Nodes[node] = Nodes[node] with { DesiredRevision = _revision[node] };
    }

    private static NodeRecord Report(string node, RolloutRevision revision, NodeBehaviour behaviour, long observed, long desired) => new()
    {
        Id = node,
        Presence = behaviour.Online ? Presence.Online : Presence.Offline,
        ObservedRevision = observed,
        DesiredRevision = desired,
        Workloads = new ValueList<ReportedWorkload>(revision.Workloads.Select(w => new ReportedWorkload
        {
            Name = w.Name,
            SpecHash = w.SpecHash,
            Phase = behaviour.Phase,
            Health = behaviour.Health,
            Restarts = behaviour.Restarts,
            LastError = behaviour.LastError,
        }).Append(new ReportedWorkload { Name = "other-deployment", Phase = "Failed", Health = "Unhealthy", SpecHash = "ffff" })),
    };
}
