using System.Diagnostics;
using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Testing;
using static EdgeMano.Agent.Host.Tests.Infrastructure.DockerE2eWorkloads;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>Containers that churned (created, started, killed, destroyed) after a moment, as the runtime's own events tell.</summary>
public interface IChurnRecorder : IAsyncDisposable
{
    /// <summary>A description of the churn after <paramref name="mark"/>, or null when there was none.</summary>
    string? ChurnSince(DateTimeOffset mark);
}

/// <summary>
/// The agent goes away and comes back: a clean stop or a kill leaves the workloads running and
/// the next start adopts them; after a "reboot" with no network at all, it restores them from its
/// own store. Written once, run per container runtime (Docker/AgentRestartTests, Containerd/...).
/// </summary>
public abstract class AgentRestartScenario(IContainerRuntimeUnderTest runtime) : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);
    private readonly Dictionary<string, string> _expected = new() { ["web"] = "Healthy", ["sleeper"] = "None", ["listener"] = "Healthy" };
    private string? _netns;

    protected AgentProcess Agent { get; } = new();

    public Task InitializeAsync()
    {
        Agent.CommonArgs.AddRange(runtime.AgentArgs);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Agent.DisposeAsync();
        await runtime.RemoveNodeAsync(Agent.NodeId);
        if (_netns is not null) await RunAsync("ip", "netns", "del", _netns);
    }

    /// <summary>Records the runtime's container events for this node, where the test can read them; null: none.</summary>
    protected virtual IChurnRecorder? RecordChurn() => null;

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGKILL")]
    public async Task Restart_AfterStopOrKill_AdoptsTheRunningContainers(string how)
    {
        var before = await StartWithThreeContainersAsync(runtime.Web(FreePort.Get(), "http"), Sleeper(), runtime.Listener(FreePort.Get(), "tcp"));
        var startedAt = new Dictionary<string, string>();
        foreach (var (name, id) in before) startedAt[name] = await runtime.StartIdentityAsync(id);
        await using var events = RecordChurn();
        var mark = DateTimeOffset.UtcNow; // a recorder may also replay the initial creation

        if (how == "SIGTERM")
        {
            await Agent.StopAsync();
            Assert.True(Agent.ExitCode == 0, $"clean stop exited {Agent.ExitCode}\n{Agent.Log}");
        }
        else
        {
            await Agent.KillAsync();
        }
        // Workloads outlive the agent.
        foreach (var (name, id) in before) Assert.True(await runtime.IsRunningAsync(id), $"{name} stopped with the agent ({how})");

        Agent.Start();
        await Agent.WaitReadyAsync();
        var status = await Agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, $"adopted after {how}");
        // Two resyncs later nothing was recreated or restarted either.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        status = await Agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, $"still running after {how}");

        var after = await runtime.IdsByWorkloadAsync(Agent.NodeId);
        Assert.Equal(before, after);
        foreach (var (name, id) in after)
        {
            Assert.Equal(id, status.RuntimeId(name));
            Assert.Equal(0, status.Workload(name)!.Value.Restarts());
            Assert.True(startedAt[name] == await runtime.StartIdentityAsync(id), $"{name} was restarted after {how}");
        }
        if (events?.ChurnSince(mark) is { } churn) Assert.Fail($"containers churned across the agent restart ({how}):\n{churn}");
    }

    [Fact]
    public async Task OfflineReboot_ContainersGone_AgentInEmptyNetworkNamespaceRestoresThemFromTheStore()
    {
        // Probes run inside the container (exec): the namespace has no loopback route to the node's ports.
        _expected["listener"] = "None";
        var before = await StartWithThreeContainersAsync(runtime.Web(FreePort.Get(), "exec"), Sleeper(), runtime.Listener(FreePort.Get(), "none"));
        await Agent.StopAsync();

        // The reboot: every container of the node is gone, as after a node reboot that wiped the engine.
        await runtime.RemoveNodeAsync(Agent.NodeId);
        Assert.Empty(await runtime.IdsByWorkloadAsync(Agent.NodeId));

        // A namespace with nothing but a downed loopback: no network at all.
        _netns = "em-off-" + Guid.NewGuid().ToString("N")[..8];
        var added = await RunAsync("ip", "netns", "add", _netns);
        Assert.True(added.Code == 0, $"ip netns add {_netns} failed ({added.Code}): {added.Output} (needs root and iproute2)");
        var links = await RunAsync("ip", "netns", "exec", _netns, "ip", "-o", "link");
        Assert.True(links.Output.Trim().Split('\n').Length == 1 && links.Output.Contains("lo:") && links.Output.Contains("DOWN"),
            $"namespace {_netns} is not empty: {links.Output}");

        Agent.Start(netns: _netns);
        await Agent.WaitReadyAsync();
        var pid = Agent.DaemonPid ?? throw new InvalidOperationException("agent exited:\n" + Agent.Log);
        // The daemon really runs inside the namespace (ip netns exec execs it in place).
        Assert.Equal(await NetNsIdentityAsync($"/run/netns/{_netns}"), await NetNsIdentityAsync($"/proc/{pid}/ns/net"));

        var status = await Agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, "restored offline");
        var after = await runtime.IdsByWorkloadAsync(Agent.NodeId);
        Assert.Equal(["listener", "sleeper", "web"], after.Keys.Order());
        foreach (var (name, id) in after)
        {
            Assert.NotEqual(before[name], id);
            Assert.Equal(id, status.RuntimeId(name));
            Assert.True(await runtime.IsRunningAsync(id), $"{name} not running");
        }
    }

    /// <summary>Starts the agent, applies revision 1, waits until all run; container ids by workload.</summary>
    private async Task<Dictionary<string, string>> StartWithThreeContainersAsync(params string[] workloads)
    {
        Agent.Start();
        await Agent.WaitReadyAsync();
        var applied = await Agent.ApplyYamlAsync(Document(1, workloads));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await Agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, "revision 1 running");
        var ids = await runtime.IdsByWorkloadAsync(Agent.NodeId);
        Assert.Equal(3, ids.Count);
        return ids;
    }

    /// <summary>The namespace identity of a /proc/PID/ns/net or /run/netns/NAME file (device:inode).</summary>
    private static async Task<string> NetNsIdentityAsync(string path)
    {
        var r = await RunAsync("stat", "-L", "-c", "%d:%i", path);
        return r.Code == 0 ? r.Output.Trim() : $"(stat {path} failed: {r.Output})";
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
