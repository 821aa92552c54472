using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Runtime;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Planning;

/// <summary>What the planner does with desired x actual: create, update, remove, deduplicate.</summary>
public sealed class PlannerTests
{
    [Fact]
    public void Create_MissingWorkload_CreatesItWithItsHash()
    {
        var web = Container("web");
        var plan = PlanFor.Make(T0, [web], []);

        var create = Assert.IsType<CreateCommand>(Assert.Single(plan.Commands));
        Assert.Equal(SpecHash.Compute(web), create.Desired.Hash);
        var rec = plan.Records["web"];
        Assert.Equal(WorkloadPhase.Pending, rec.Phase);
        Assert.Equal(SpecHash.Compute(web), rec.SpecHash);
        Assert.Equal(HealthState.None, rec.Health);
        Assert.Null(plan.WakeAt);
    }

    [Fact]
    public void Create_MissingWorkloadWithProbe_RecordHealthUnknown()
    {
        var plan = PlanFor.Make(T0, [Container("web", health: HttpProbe())], []);
        Assert.Equal(HealthState.Unknown, plan.Records["web"].Health);
    }

    [Fact]
    public void Create_SpecChanged_RemovesStaleBeforeCreatingAndStartsFreshHistory()
    {
        var v1 = Container("web", image: "local/app:1");
        var v2 = Container("web", image: "local/app:2");
        var oldRecord = new WorkloadRecord
        {
            Name = "web", SpecHash = SpecHash.Compute(v1), Phase = WorkloadPhase.Running, Restarts = 5, ConsecutiveFailures = 3, RuntimeId = "c1",
        };

        var plan = PlanFor.Make(T0, [v2], [Observed(v1, "c1", startedAt: T0)], [oldRecord]);

        Assert.Collection(plan.Commands,
            c => Assert.Equal("c1", Assert.IsType<RemoveCommand>(c).Instance.RuntimeId),
            c => Assert.Equal(SpecHash.Compute(v2), Assert.IsType<CreateCommand>(c).Desired.Hash));
        Assert.Contains("spec changed", ((RemoveCommand)plan.Commands[0]).Reason);
        var rec = plan.Records["web"];
        Assert.Equal(SpecHash.Compute(v2), rec.SpecHash);
        Assert.Equal(0, rec.Restarts);
        Assert.Equal(0, rec.ConsecutiveFailures);
        Assert.Empty(plan.RemovedRecords);
    }

    [Fact]
    public void Create_KindChanged_RemovesFromOldRuntimeAndCreates()
    {
        var plan = PlanFor.Make(T0, [Container("a")], [Observed(Process("a"), "pid-7", startedAt: T0)]);
        Assert.Equal("process", Assert.IsType<RemoveCommand>(plan.Commands[0]).Instance.Runtime);
        Assert.IsType<CreateCommand>(plan.Commands[1]);
    }

    [Fact]
    public void Create_WorkloadNoLongerDesired_RemovesInstanceAndRecord()
    {
        var keep = Container("keep");
        var gone = Container("gone");
        var records = new[]
        {
            new WorkloadRecord { Name = "keep", SpecHash = SpecHash.Compute(keep), Phase = WorkloadPhase.Running, RuntimeId = "k1" },
            new WorkloadRecord { Name = "gone", SpecHash = SpecHash.Compute(gone), Phase = WorkloadPhase.Running, RuntimeId = "g1" },
        };

        var plan = PlanFor.Make(T0, [keep], [Observed(keep, "k1", startedAt: T0), Observed(gone, "g1", startedAt: T0)], records);

        var remove = Assert.IsType<RemoveCommand>(Assert.Single(plan.Commands));
        Assert.Equal("g1", remove.Instance.RuntimeId);
        Assert.Contains("no longer desired", remove.Reason);
        Assert.Equal(["gone"], plan.RemovedRecords.ToArray());
        Assert.False(plan.Records.ContainsKey("gone"));
    }

    [Fact]
    public void Create_RecordWithoutInstanceOrDesire_IsDropped()
    {
        var plan = PlanFor.Make(T0, [], [], [new WorkloadRecord { Name = "ghost" }]);
        Assert.Empty(plan.Commands);
        Assert.Equal(["ghost"], plan.RemovedRecords.ToArray());
    }

    [Fact]
    public void Create_DuplicateInstances_KeepsNewestRunningRemovesTheRest()
    {
        var web = Container("web");
        var stale = Container("web", image: "local/app:0");
        var observed = new[]
        {
            Observed(web, "old-running", startedAt: T0.AddMinutes(-10)),
            Observed(web, "new-running", startedAt: T0.AddMinutes(-1)),
            Observed(web, "exited", InstanceState.Exited, exitCode: 1, startedAt: T0, finishedAt: T0),
            Observed(stale, "stale", startedAt: T0),
        };

        var plan = PlanFor.Make(T0, [web], observed);

        var removes = plan.Commands.Select(Assert.IsType<RemoveCommand>).ToList();
        Assert.Equal(["exited", "old-running", "stale"], removes.Select(r => r.Instance.RuntimeId).Order());
        Assert.All(removes, r => Assert.Contains("duplicate", r.Reason));
        Assert.Equal("new-running", plan.Records["web"].RuntimeId);
        Assert.Equal(WorkloadPhase.Running, plan.Records["web"].Phase);
    }

    [Fact]
    public void Create_RunningUnchanged_NoCommandsRecordRunning()
    {
        var web = Container("web");
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", startedAt: T0.AddSeconds(-5))]);
        Assert.Empty(plan.Commands);
        Assert.Empty(plan.Events);
        var rec = plan.Records["web"];
        Assert.Equal(WorkloadPhase.Running, rec.Phase);
        Assert.Equal("c1", rec.RuntimeId);
        Assert.Equal(T0.AddSeconds(-5), rec.LastStartedAt);
    }

    [Fact]
    public void Create_SamePlanTwice_SameAnswer()
    {
        var web = Container("web");
        var observed = new[] { Observed(web, "c1", InstanceState.Exited, exitCode: 1, startedAt: T0, finishedAt: T0) };
        var a = PlanFor.Make(T0.AddSeconds(3), [web, Container("new")], observed);
        var b = PlanFor.Make(T0.AddSeconds(3), [web, Container("new")], observed);
        Assert.Equal(a.Commands.ToArray(), b.Commands.ToArray());
        Assert.Equal(a.Records.OrderBy(r => r.Key), b.Records.OrderBy(r => r.Key));
        Assert.Equal(a.WakeAt, b.WakeAt);
    }

    [Fact]
    public void Create_CreatedNeverStarted_StartsIt()
    {
        var web = Container("web");
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", InstanceState.Created)]);
        Assert.Equal("c1", Assert.IsType<StartCommand>(Assert.Single(plan.Commands)).Instance.RuntimeId);
    }

    [Fact]
    public void Create_InstanceInUnknownState_LeftAlone()
    {
        var web = Container("web");
        var plan = PlanFor.Make(T0, [web], [Observed(web, "c1", InstanceState.Unknown)]);
        Assert.Empty(plan.Commands);
        Assert.Equal("c1", plan.Records["web"].RuntimeId);
    }

    [Fact]
    public void Create_RemovesOrderedBeforeCreates()
    {
        var plan = PlanFor.Make(T0, [Container("a"), Container("b")], [Orphan("z", "z1"), Orphan("y", "y1", "process")]);
        var orders = plan.Commands.Select(c => c.Order).ToList();
        Assert.Equal(orders.Order(), orders);
        Assert.Equal(2, plan.Commands.Count(c => c is RemoveCommand));
        Assert.Equal(2, plan.Commands.Count(c => c is CreateCommand));
    }

    [Fact]
    public void Create_RuntimeUnavailable_NoCommandsForThatKind_LastErrorSet_NothingRemoved()
    {
        const string reason = "docker unavailable: cannot reach unix:///var/run/docker.sock: connection refused";
        var oldWeb = Container("web", image: "local/app:1");
        var web = Container("web", image: "local/app:2");
        var db = Container("db");
        var worker = Process("worker");
        var records = new[]
        {
            new WorkloadRecord { Name = "db", SpecHash = SpecHash.Compute(db), Phase = WorkloadPhase.Running, RuntimeId = "d1", Restarts = 2 },
        };
        var unavailable = new Dictionary<WorkloadKind, string> { [WorkloadKind.Container] = reason };

        // The stale web instance is visible (e.g. from a listing that still worked) but its kind's runtime is not.
        var plan = PlanFor.Make(T0, [web, db, worker], [Observed(oldWeb, "w1", startedAt: T0)], records, unavailable);

        var only = Assert.IsType<CreateCommand>(Assert.Single(plan.Commands));
        Assert.Equal("worker", only.Workload);
        Assert.Equal(reason, plan.Records["db"].LastError);
        Assert.Equal(reason, plan.Records["web"].LastError);
        Assert.Equal(WorkloadPhase.Running, plan.Records["db"].Phase);
        Assert.Equal(2, plan.Records["db"].Restarts);
        Assert.Empty(plan.RemovedRecords);
        Assert.Null(plan.WakeAt);
    }

    [Fact]
    public void Create_RuntimeUnavailable_OrphansOfOtherRuntimesStillRemoved()
    {
        var unavailable = new Dictionary<WorkloadKind, string> { [WorkloadKind.Container] = "docker unavailable: down" };
        var plan = PlanFor.Make(T0, [Container("web")], [Orphan("old", "p1", "process")], unavailable: unavailable);
        Assert.Equal("p1", Assert.IsType<RemoveCommand>(Assert.Single(plan.Commands)).Instance.RuntimeId);
    }

    [Fact]
    public void Create_FailedWorkloadWithoutInstance_NotRecreated()
    {
        var web = Container("web");
        var failed = new WorkloadRecord { Name = "web", SpecHash = SpecHash.Compute(web), Phase = WorkloadPhase.Failed, LastError = "restart limit reached" };
        var plan = PlanFor.Make(T0, [web], [], [failed]);
        Assert.Empty(plan.Commands);
        Assert.Equal(WorkloadPhase.Failed, plan.Records["web"].Phase);
    }

    [Fact]
    public void Create_CreateBackingOff_WaitsUntilDueThenCreates()
    {
        var web = Container("web");
        var due = T0.AddSeconds(4);
        var backingOff = new WorkloadRecord
        {
            Name = "web", SpecHash = SpecHash.Compute(web), Phase = WorkloadPhase.BackingOff, NextAttemptAt = due, ConsecutiveFailures = 2, LastError = "image not found",
        };

        var early = PlanFor.Make(T0, [web], [], [backingOff]);
        Assert.Empty(early.Commands);
        Assert.Equal(due, early.WakeAt);
        Assert.Equal(WorkloadPhase.BackingOff, early.Records["web"].Phase);

        var onTime = PlanFor.Make(due, [web], [], PlanFor.Carry(early));
        Assert.IsType<CreateCommand>(Assert.Single(onTime.Commands));
    }

    [Fact]
    public void Create_RunningInstanceVanished_RecreatedAtOnce()
    {
        var web = Container("web");
        var running = new WorkloadRecord { Name = "web", SpecHash = SpecHash.Compute(web), Phase = WorkloadPhase.Running, RuntimeId = "c1" };
        var plan = PlanFor.Make(T0, [web], [], [running]);
        Assert.IsType<CreateCommand>(Assert.Single(plan.Commands));
        Assert.Equal(WorkloadPhase.Pending, plan.Records["web"].Phase);
        Assert.Equal("", plan.Records["web"].RuntimeId);
    }
}
