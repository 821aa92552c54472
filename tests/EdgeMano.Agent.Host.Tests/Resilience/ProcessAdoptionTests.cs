using EdgeMano.Testing;
using EdgeMano.Agent.Host.Tests.Infrastructure;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>
/// The real AOT agent goes away and comes back with examples/ten-processes.yaml applied: a clean
/// stop or a kill -9 leaves the ten processes running and the next start adopts exactly them;
/// after an offline "reboot" (agent stopped, processes gone, no network) it restarts all ten from
/// its own store.
/// </summary>
public sealed class ProcessAdoptionTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);
    private static readonly string[] TenNames = Enumerable.Range(1, 10).Select(i => $"sleep-{i}").ToArray();
    private readonly AgentProcess _agent = new();

    public Task InitializeAsync()
    {
        // Process workloads only: the test must not depend on (or touch) a Docker engine.
        _agent.CommonArgs.AddRange(["--runtime", "process"]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGKILL")]
    public async Task Restart_AfterStopOrKill_AdoptsTheSameTenProcesses(string how)
    {
        var before = await StartWithTenProcessesAsync();

        if (how == "SIGTERM")
        {
            await _agent.StopAsync();
            Assert.True(_agent.ExitCode == 0, $"clean stop exited {_agent.ExitCode}\n{_agent.Log}");
        }
        else
        {
            await _agent.KillAsync();
        }
        Assert.True(before.Values.Order().SequenceEqual(_agent.ProcessesOfNode().Order()),
            $"the ten processes did not outlive the agent ({how}): before {Show(before.Values)}, now {Show(_agent.ProcessesOfNode())}");

        _agent.Start();
        await _agent.WaitReadyAsync();
        var adopted = await _agent.WaitForStatusAsync(s => s.ObservedRevisionOf() == 1 && s.AllRunning(TenNames), Converge, $"ten adopted after {how}");
        // One resync later still nothing was started, restarted or duplicated.
        var firstPass = adopted.LastReconcileOf();
        var later = await _agent.WaitForStatusAsync(s => s.LastReconcileOf() > firstPass && s.AllRunning(TenNames), Converge, "a resync after adoption");

        foreach (var status in new[] { adopted, later })
        {
            Assert.Equal(before, status.Pids());
            Assert.All(status.Rows(), r => Assert.True(r.Restarts == 0, $"{r.Name} was restarted {r.Restarts} time(s) after {how}\n{_agent.Log}"));
        }
        var processes = _agent.ProcessesOfNode();
        Assert.True(processes.Count == 10 && before.Values.Order().SequenceEqual(processes.Order()),
            $"expected exactly the 10 original processes after {how}, found {Show(processes)}; before {Show(before.Values)}\n{_agent.Log}");
        Assert.DoesNotContain("started sleep-", LogAfterFirstStart());
        AgentStatusJson.AssertNoStackTrace(_agent.Log, "daemon log");
    }

    [Fact]
    public async Task Start_OfflineAfterRebootWithProcessesGone_RestartsAllTenFromTheStore()
    {
        var before = await StartWithTenProcessesAsync();
        await _agent.StopAsync();

        // The "reboot": every process of the node dies while no agent runs.
        foreach (var pid in _agent.ProcessesOfNode()) NetworkNamespace.Run("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WaitUntilAsync(() => _agent.ProcessesOfNode().Count == 0, "the node's processes to die");

        using var netns = NetworkNamespace.Create();
        var links = netns.Links().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(links is [var lo] && lo.Contains(" lo:", StringComparison.Ordinal) && lo.Contains("state DOWN", StringComparison.Ordinal),
            "the namespace should have only a loopback that is down:\n" + string.Join("\n", links));
        _agent.Start(netns: netns.Name);
        try
        {
            await _agent.WaitReadyAsync();
            Assert.True(_agent.DaemonPid is { } daemon && NetworkNamespace.NamespaceOf(daemon) != NetworkNamespace.NamespaceOf(Environment.ProcessId),
                "the daemon is not inside the test's network namespace");

            var status = await _agent.WaitForStatusAsync(
                s => s.AllRunning(TenNames) && s.Pids().Values.All(pid => !before.ContainsValue(pid)),
                Converge, "all ten back with new PIDs, offline");
            var after = status.Pids();
            Assert.Equal(1, status.DesiredRevisionOf());
            var processes = _agent.ProcessesOfNode();
            Assert.True(processes.Count == 10 && after.Values.Order().SequenceEqual(processes.Order()),
                $"expected exactly the 10 new processes, found {Show(processes)}; status says {Show(after.Values)}\n{_agent.Log}");
            // The restarted processes run in the namespace the agent was started in: the agent did it, offline.
            Assert.All(processes, pid => Assert.Equal(NetworkNamespace.NamespaceOf(_agent.DaemonPid!.Value), NetworkNamespace.NamespaceOf(pid)));
            AgentStatusJson.AssertNoStackTrace(_agent.Log, "daemon log");
        }
        finally
        {
            await _agent.StopAsync();
            await _agent.CleanupNodeAsync();
        }
    }

    /// <summary>Starts the daemon, applies examples/ten-processes.yaml and returns name → PID once all ten run.</summary>
    private async Task<Dictionary<string, int>> StartWithTenProcessesAsync()
    {
        _agent.Start();
        await _agent.WaitReadyAsync();
        var applied = await _agent.ApplyAsync(AgentBinary.Example("ten-processes.yaml"));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("applied revision 1 (10 workloads)", applied.StdOut, StringComparison.Ordinal);
        var status = await _agent.WaitForStatusAsync(s => s.ObservedRevisionOf() == 1 && s.AllRunning(TenNames), Converge, "ten Running");
        var pids = status.Pids();
        var processes = _agent.ProcessesOfNode();
        Assert.True(processes.Count == 10 && pids.Values.Order().SequenceEqual(processes.Order()),
            $"status PIDs {Show(pids.Values)} differ from the node's processes {Show(processes)}");
        _startLogLength = _agent.Log.Length;
        return pids;
    }

    private int _startLogLength;

    private string LogAfterFirstStart() => _agent.Log[_startLogLength..];

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    private static string Show(IEnumerable<int> pids) => "[" + string.Join(",", pids.Order()) + "]";
}
