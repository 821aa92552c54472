using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Planning;

/// <summary>One step of a plan. Commands are data; the plan runner executes them through the runtime port.</summary>
public abstract record PlanCommand(string Workload)
{
    /// <summary>Removals run before creations so names and ports are free again.</summary>
    public abstract int Order { get; }

    public abstract string Show();
}

/// <summary>Create and start a new instance.</summary>
public sealed record CreateCommand(HashedSpec Desired) : PlanCommand(Desired.Name)
{
    public override int Order => 1;
    public override string Show() => $"create {Workload} (spec {Desired.Hash})";
}

/// <summary>Start an existing instance that exited (a restart by policy).</summary>
public sealed record StartCommand(ObservedWorkload Instance, HashedSpec Desired) : PlanCommand(Instance.Name)
{
    public override int Order => 1;
    public override string Show() => $"start {Workload} ({Instance.Runtime} {Instance.RuntimeId})";
}

/// <summary>Replace a running instance by a fresh one (unhealthy, restart by policy).</summary>
public sealed record ReplaceCommand(ObservedWorkload Instance, HashedSpec Desired, string Reason) : PlanCommand(Instance.Name)
{
    public override int Order => 1;
    public override string Show() => $"replace {Workload} ({Instance.Runtime} {Instance.RuntimeId}): {Reason}";
}

/// <summary>Stop and delete an instance.</summary>
public sealed record RemoveCommand(ObservedWorkload Instance, string Reason) : PlanCommand(Instance.Name)
{
    public override int Order => 0;
    public override string Show() => $"remove {Workload} ({Instance.Runtime} {Instance.RuntimeId}): {Reason}";
}
