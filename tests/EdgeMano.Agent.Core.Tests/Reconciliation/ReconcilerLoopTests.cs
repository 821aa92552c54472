using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Reconciliation;

/// <summary>
/// The reconciler's own loop (RunAsync) in the background on a fake clock: what wakes it and how
/// often it acts. The resync interval is 30 s of fake time, so anything that happens while the
/// clock stands still was caused by an event.
/// </summary>
public sealed class ReconcilerLoopTests
{
    [Fact]
    public async Task Run_StartsAndConfirmsWithoutTimePassing()
    {
        await using var h = new ReconcilerHarness();
        var revision = h.Apply(Container("web"));

        await h.StartLoopAsync();

        await ReconcilerHarness.Eventually(() => h.Reconciler.Snapshot.ObservedRevision == revision, "the confirming pass");
        Assert.Single(h.Docker.Instances);
        Assert.Equal(T0, h.Time.GetUtcNow());
    }

    [Fact]
    public async Task Run_RuntimeEvent_TriggersReconcile()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"));
        await h.StartLoopAsync();
        await ReconcilerHarness.Eventually(() => h.Reconciler.Snapshot.ObservedRevision == 1, "the first revision to be confirmed");

        // An orphan that appears silently stays until something wakes the loop...
        var orphan = h.Docker.Add("orphan", "0123456789abcdef");
        await h.SettleAsync();
        Assert.Contains(h.Docker.Instances, i => i.RuntimeId == orphan.RuntimeId);

        // ...and a runtime event is such a thing: the clock has not moved.
        h.Docker.Emit(new RuntimeEvent("orphan", orphan.RuntimeId, RuntimeEventKind.Started));
        await ReconcilerHarness.Eventually(() => h.Docker.Instances.All(i => i.Name == "web"), "the orphan to be removed");
        Assert.Equal(T0, h.Time.GetUtcNow());
    }

    [Fact]
    public async Task Run_InstanceExits_BackoffThenRestartAtDueTime()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web", restart: RestartPolicy(unitSeconds: 2)));
        await h.StartLoopAsync();
        var id = Assert.Single(h.Docker.Instances).RuntimeId;

        h.Docker.ExitNow(id, 1);
        await ReconcilerHarness.Eventually(() => h.Store.Record("web")?.Phase == WorkloadPhase.BackingOff, "the exit to be handled");
        Assert.Equal(T0.AddSeconds(2), h.Store.Record("web")!.NextAttemptAt);

        await h.AdvanceAsync(TimeSpan.FromMilliseconds(1900));
        Assert.Equal(0, h.Docker.StartCalls);

        await h.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await ReconcilerHarness.Eventually(() => h.Docker.StartCalls == 1, "the restart at the backoff deadline");
        await ReconcilerHarness.Eventually(() => h.Store.Record("web")?.Phase == WorkloadPhase.Running, "the record to show it running");
    }

    [Fact]
    public async Task Run_CrashLoop_RestartsFollowTheBackoffNotTheClockRate()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web", restart: RestartPolicy(unitSeconds: 1, capSeconds: 8)));
        h.Docker.CrashAfterStart("web", TimeSpan.Zero, exitCode: 1);
        await h.StartLoopAsync();

        // Exits at once after each start; restarts due 1, 2, 4, 8, 8, ... s after each exit:
        // t = 1, 3, 7, 15, 23, 31, 39, 47, 55 within the first minute.
        await h.RunForAsync(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, h.Docker.CreateCalls);
        Assert.InRange(h.Docker.StartCalls, 8, 9);
    }

    [Fact]
    public async Task Run_CreateKeepsFailing_NoHotLoop()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"));
        h.Docker.FailEveryCreate("docker: pull local/app:1: image not found");
        await h.StartLoopAsync();

        await h.RunForAsync(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5));

        // Backoff 1, 2, 4, ... 256, 300 s: about ten attempts in ten minutes, never hundreds.
        Assert.InRange(h.Docker.CreateCalls, 2, 12);
        var rec = h.Store.Record("web")!;
        Assert.Equal(WorkloadPhase.BackingOff, rec.Phase);
        Assert.Contains("image not found", rec.LastError);
    }

    [Fact]
    public async Task Run_CreateFails_RetriedAtTheBackoffDeadlineNotAtResync()
    {
        await using var h = new ReconcilerHarness();
        h.Apply(Container("web"));
        h.Docker.FailNextCreate("docker: pull local/app:1: image not found", times: 3);
        await h.StartLoopAsync();
        Assert.Equal(1, h.Docker.CreateCalls);

        // Failed creates back off 1, 2, 4 s; the loop must wake for each deadline by itself
        // (resync is 30 s away) and the fourth attempt succeeds at t = 7 s.
        await h.RunForAsync(TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(250));

        Assert.Equal(4, h.Docker.CreateCalls);
        Assert.Single(h.Docker.Instances);
    }

    [Fact]
    public async Task Run_ProbeFailsThreshold_InstanceReplacedAfterBackoff()
    {
        await using var h = new ReconcilerHarness();
        var web = Container("web", health: HttpProbe(failureThreshold: 2, periodSeconds: 1));
        h.Apply(web);
        h.Prober.AlwaysUnhealthy("web", "GET :8080/ -> connection refused");
        await h.StartLoopAsync();
        var first = Assert.Single(h.Docker.Instances).RuntimeId;

        // Probes at ~0.25 s and ~1.25 s: unhealthy at the second; replace due 1 s later (~2.25 s).
        // The new instance cannot be replaced before ~5.5 s (two more probes, then a 2 s backoff).
        await h.RunForAsync(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(250));

        var now = Assert.Single(h.Docker.Instances);
        Assert.NotEqual(first, now.RuntimeId);
        Assert.Equal(2, h.Docker.CreateCalls);
        Assert.Contains(h.Store.History, e => e.Reason == "Unhealthy" && e.Message.Contains("connection refused"));
        Assert.Contains(h.Store.History, e => e.Reason == "Restarted" && e.Message.Contains("unhealthy"));
        Assert.Equal(1, h.Store.Record("web")!.ConsecutiveFailures);
    }

    [Fact]
    public async Task Run_BurstOfTriggers_FoldedIntoOnePassAfterDebounce()
    {
        await using var h = new ReconcilerHarness(new ReconcilerOptions { NodeId = "node-1", Debounce = TimeSpan.FromMilliseconds(50) });
        h.Apply(Container("web"));
        await h.StartLoopAsync();
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, h.Reconciler.Snapshot.ObservedRevision);
        var lists = h.Docker.ListCalls;

        for (var i = 0; i < 5; i++) h.Reconciler.Trigger();
        await h.SettleAsync();
        Assert.Equal(lists, h.Docker.ListCalls);

        await h.AdvanceAsync(TimeSpan.FromMilliseconds(50));
        Assert.Equal(lists + 1, h.Docker.ListCalls);
    }

    [Fact]
    public async Task Run_Cancelled_Returns()
    {
        var h = new ReconcilerHarness();
        h.Apply(Container("web"));
        await h.StartLoopAsync();
        await h.DisposeAsync();
        Assert.Equal(0, h.Docker.Watchers);
    }
}
