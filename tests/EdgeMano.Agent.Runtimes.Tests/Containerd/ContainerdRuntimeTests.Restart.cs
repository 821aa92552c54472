using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>containerd restarting under a running agent (an upgrade, a crash) costs the agent nothing but a resubscribe.</summary>
public sealed partial class ContainerdRuntimeTests
{
    [Fact]
    public async Task DaemonRestart_InstancesKeepRunning_WatchEndsAndResubscribes_SameDriverWorks()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("survivor"), "h", CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in driver.WatchAsync(cts.Token)) { }
        });
        await Task.Delay(300);

        await daemon.RestartAsync();

        // The stream breaks with the daemon: the caller sees it end (with a reason) and resubscribes.
        var ended = await Record.ExceptionAsync(() => watching.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(ended is null or RuntimeException, ended?.ToString());
        var listed = await WaitFor(driver, "survivor", i => i.State == InstanceState.Running);
        Assert.Equal(created.RuntimeId, listed.RuntimeId);
        Assert.Equal(0, await driver.ExecAsync(listed, ["true"], TimeSpan.FromSeconds(10), CancellationToken.None));

        var events = new List<RuntimeEvent>();
        var again = Task.Run(async () =>
        {
            await foreach (var e in driver.WatchAsync(cts.Token))
            {
                events.Add(e);
                if (e.Kind == RuntimeEventKind.Exited) return;
            }
        });
        await Task.Delay(300);
        await driver.RemoveAsync(listed, TimeSpan.FromSeconds(2), CancellationToken.None);
        await again.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(events, e => e.RuntimeId == created.RuntimeId && e.Kind == RuntimeEventKind.Exited);
    }
}
