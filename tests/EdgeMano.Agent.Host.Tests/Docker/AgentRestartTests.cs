using System.Diagnostics;
using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Testing;
using static EdgeMano.Agent.Host.Tests.Infrastructure.DockerE2eWorkloads;

namespace EdgeMano.Agent.Host.Tests.Docker;

/// <summary>
/// The agent goes away and comes back: a clean stop or a kill leaves the workloads running and
/// the next start adopts them; after a "reboot" with no network at all, it restores them from its
/// own store.
/// </summary>
[Collection(DockerE2eCollection.Name)]
public sealed class AgentRestartTests(DockerE2eFixture docker) : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);
    private readonly AgentProcess _agent = new();
    private readonly Dictionary<string, string> _expected = new() { ["web"] = "Healthy", ["sleeper"] = "None", ["listener"] = "Healthy" };
    private string? _netns;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        if (_netns is not null) await RunAsync("ip", "netns", "del", _netns);
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGKILL")]
    public async Task Restart_AfterStopOrKill_AdoptsTheRunningContainers(string how)
    {
        var before = await StartWithThreeContainersAsync(Web(FreePort.Get()), Sleeper(), Listener(FreePort.Get()));
        var startedAt = new Dictionary<string, string>();
        foreach (var (name, id) in before) startedAt[name] = (await docker.InspectAsync(id)).State.StartedAt;
        await using var events = new DockerE2eEvents(docker.Client, _agent.NodeId);
        var mark = DateTimeOffset.UtcNow; // the recorder also replays the initial creation

        if (how == "SIGTERM")
        {
            await _agent.StopAsync();
            Assert.True(_agent.ExitCode == 0, $"clean stop exited {_agent.ExitCode}\n{_agent.Log}");
        }
        else
        {
            await _agent.KillAsync();
        }
        // Workloads outlive the agent.
        foreach (var (name, id) in before) Assert.True((await docker.InspectAsync(id)).State.Running, $"{name} stopped with the agent ({how})");

        _agent.Start();
        await _agent.WaitReadyAsync();
        var status = await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, $"adopted after {how}");
        // Two resyncs later nothing was recreated or restarted either.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        status = await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, $"still running after {how}");

        var after = await docker.IdsByWorkloadAsync(_agent.NodeId);
        Assert.Equal(before, after);
        foreach (var (name, id) in after)
        {
            Assert.Equal(id, status.RuntimeId(name));
            Assert.Equal(0, status.Workload(name)!.Value.Restarts());
            Assert.True(startedAt[name] == (await docker.InspectAsync(id)).State.StartedAt, $"{name} was restarted after {how}");
        }
        var churn = events.All.Where(e => e.At > mark && e.Action is "create" or "start" or "destroy" or "die" or "kill").ToList();
        Assert.True(churn.Count == 0, $"containers churned across the agent restart ({how}):\n{events.Describe()}");
    }

    [Fact]
    public async Task OfflineReboot_ContainersGone_AgentInEmptyNetworkNamespaceRestoresThemFromTheStore()
    {
        // Probes run inside the container (exec): the namespace has no loopback route to the node's ports.
        _expected["listener"] = "None";
        var before = await StartWithThreeContainersAsync(Web(FreePort.Get(), probe: "exec"), Sleeper(), Listener(FreePort.Get(), probe: "none"));
        await _agent.StopAsync();

        // The reboot: every container of the node is gone, as after a node reboot that wiped the engine.
        await _agent.CleanupNodeAsync();
        Assert.Empty(await docker.ContainersOfNodeAsync(_agent.NodeId));

        // A namespace with nothing but a downed loopback: no network at all.
        _netns = "em-off-" + Guid.NewGuid().ToString("N")[..8];
        var added = await RunAsync("ip", "netns", "add", _netns);
        Assert.True(added.Code == 0, $"ip netns add {_netns} failed ({added.Code}): {added.Output} (needs root and iproute2)");
        var links = await RunAsync("ip", "netns", "exec", _netns, "ip", "-o", "link");
        Assert.True(links.Output.Trim().Split('\n').Length == 1 && links.Output.Contains("lo:") && links.Output.Contains("DOWN"),
            $"namespace {_netns} is not empty: {links.Output}");

        _agent.Start(netns: _netns);
        await _agent.WaitReadyAsync();
        var pid = _agent.DaemonPid ?? throw new InvalidOperationException("agent exited:\n" + _agent.Log);
        // The daemon really runs inside the namespace (ip netns exec execs it in place).
        Assert.Equal(await NetNsIdentityAsync($"/run/netns/{_netns}"), await NetNsIdentityAsync($"/proc/{pid}/ns/net"));

        var status = await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, "restored offline");
        var after = await docker.IdsByWorkloadAsync(_agent.NodeId);
        Assert.Equal(["listener", "sleeper", "web"], after.Keys.Order());
        foreach (var (name, id) in after)
        {
            Assert.NotEqual(before[name], id);
            Assert.Equal(id, status.RuntimeId(name));
            Assert.True((await docker.InspectAsync(id)).State.Running, $"{name} not running");
        }
    }

    /// <summary>Starts the agent, applies revision 1, waits until all run; container ids by workload.</summary>
    private async Task<Dictionary<string, string>> StartWithThreeContainersAsync(params string[] workloads)
    {
        _agent.Start();
        await _agent.WaitReadyAsync();
        var applied = await _agent.ApplyYamlAsync(Document(1, workloads));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(_expected), Converge, "revision 1 running");
        var ids = await docker.IdsByWorkloadAsync(_agent.NodeId);
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
