using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Testing;
using static EdgeMano.Agent.Host.Tests.Infrastructure.DockerE2eWorkloads;

namespace EdgeMano.Agent.Host.Tests.Docker;

/// <summary>
/// The published AOT agent drives a real dockerd: apply, change and remove container workloads,
/// checked through the agent's `status -o json` and through an independent Docker client.
/// </summary>
[Collection(DockerE2eCollection.Name)]
public sealed class ReconcileContainersTests(DockerE2eFixture docker) : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);
    private readonly AgentProcess _agent = new();
    private readonly List<string> _foreign = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await docker.RemoveQuietlyAsync(_foreign);
    }

    [Fact]
    public async Task Apply_ThreeContainersThenChangeOneThenRemoveOne_OnlyTheChangedOrRemovedContainerIsTouched()
    {
        int webPort = FreePort.Get(), listenerPort = FreePort.Get();
        _agent.Start();
        await _agent.WaitReadyAsync();

        // Revision 1: three workloads, all up and passing their probes.
        var applied = await _agent.ApplyYamlAsync(Document(1, Web(webPort), Sleeper(), Listener(listenerPort)));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var expected = new Dictionary<string, string> { ["web"] = "Healthy", ["sleeper"] = "None", ["listener"] = "Healthy" };
        var status = await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 1 && s.AllRunning(expected), Converge, "revision 1 running and healthy");

        var ids = await docker.IdsByWorkloadAsync(_agent.NodeId);
        Assert.Equal(["listener", "sleeper", "web"], ids.Keys.Order());
        foreach (var (workload, id) in ids)
        {
            Assert.Equal(status.RuntimeId(workload), id);
            var seen = await docker.InspectAsync(id);
            Assert.True(seen.State.Running, $"{workload} is not running: {seen.State.Status}");
            Assert.Equal($"/em_{_agent.NodeId}_{workload}", seen.Name);
            Assert.Equal("true", seen.Config.Labels[DockerE2eFixture.ManagedLabel]);
            Assert.Equal(workload, seen.Config.Labels[DockerE2eFixture.WorkloadLabel]);
            Assert.False(string.IsNullOrEmpty(seen.Config.Labels[DockerE2eFixture.SpecHashLabel]));
        }
        Assert.Contains("GREETING=hello", (await docker.InspectAsync(ids["sleeper"])).Config.Env);
        // The agent's own probe passed; the port really serves from the node.
        using (var http = new HttpClient())
            Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{webPort}/health"));

        // Revision 2: only the sleeper's env changes, so only the sleeper is recreated.
        applied = await _agent.ApplyYamlAsync(Document(2, Web(webPort), Sleeper("changed"), Listener(listenerPort)));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        status = await _agent.WaitForStatusAsync(
            s => s.ObservedRevision() == 2 && s.AllRunning(expected) && s.RuntimeId("sleeper") != ids["sleeper"],
            Converge, "revision 2 with a new sleeper");

        var afterChange = await docker.IdsByWorkloadAsync(_agent.NodeId);
        Assert.Equal(ids["web"], afterChange["web"]);
        Assert.Equal(ids["listener"], afterChange["listener"]);
        Assert.NotEqual(ids["sleeper"], afterChange["sleeper"]);
        Assert.Equal(status.RuntimeId("sleeper"), afterChange["sleeper"]);
        Assert.Null(await docker.TryInspectAsync(ids["sleeper"]));
        Assert.Contains("GREETING=changed", (await docker.InspectAsync(afterChange["sleeper"])).Config.Env);
        Assert.All(status.Workloads(), w => Assert.Equal(0, w.Restarts()));

        // Revision 3: the listener goes; the other two are left alone.
        applied = await _agent.ApplyYamlAsync(Document(3, Web(webPort), Sleeper("changed")));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        expected.Remove("listener");
        status = await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 3 && s.AllRunning(expected), Converge, "revision 3 without the listener");

        var afterRemove = await docker.IdsByWorkloadAsync(_agent.NodeId);
        Assert.Equal(["sleeper", "web"], afterRemove.Keys.Order());
        Assert.Equal(afterChange["web"], afterRemove["web"]);
        Assert.Equal(afterChange["sleeper"], afterRemove["sleeper"]);
        Assert.Null(await docker.TryInspectAsync(afterChange["listener"]));
        Assert.Equal(3, status.GetProperty("desiredRevision").GetInt64());
    }

    [Fact]
    public async Task Reconcile_ForeignContainers_AreNeverTouched()
    {
        var otherNode = "other-" + Guid.NewGuid().ToString("N")[..8];
        // 1: made by someone else, no labels at all.
        var unlabelled = await RunForeignAsync($"foreign-{Guid.NewGuid():N}"[..20]);
        // 2: made by an agent of another node, with the same workload name ours will use.
        var otherNodes = await RunForeignAsync($"em_{otherNode}_sleeper", new Dictionary<string, string>
        {
            [DockerE2eFixture.ManagedLabel] = "true", [DockerE2eFixture.NodeLabel] = otherNode,
            [DockerE2eFixture.WorkloadLabel] = "sleeper", [DockerE2eFixture.SpecHashLabel] = "0123456789abcdef",
        });
        // 3: squats the exact name our agent would give workload "squatter", without our labels.
        var squatter = await RunForeignAsync($"em_{_agent.NodeId}_squatter");
        var foreign = new[] { unlabelled, otherNodes, squatter };
        var startedAt = new Dictionary<string, string>();
        foreach (var id in foreign) startedAt[id] = (await docker.InspectAsync(id)).State.StartedAt;

        _agent.Start();
        await _agent.WaitReadyAsync();
        var applied = await _agent.ApplyYamlAsync(Document(1, Sleeper(), Container("squatter", "command: [sleep, \"3600\"]")));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var status = await _agent.WaitForStatusAsync(
            s => s.Is("sleeper", "Running") && s.Workload("squatter")?.Str("lastError").Contains("not managed by node") == true,
            Converge, "sleeper running, squatter refused");
        Assert.NotEqual("Running", status.Workload("squatter")!.Value.Str("phase"));
        await AssertUntouchedAsync(foreign, startedAt, "after revision 1");

        // A spec change (replace) and a removal of the refused workload.
        applied = await _agent.ApplyYamlAsync(Document(2, Sleeper("changed")));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 2 && s.Workloads().Count == 1 && s.Is("sleeper", "Running"), Converge, "revision 2");
        await AssertUntouchedAsync(foreign, startedAt, "after revision 2");

        // Nothing desired: our node's containers go, nobody else's.
        applied = await _agent.ApplyYamlAsync(Document(3));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await _agent.WaitForStatusAsync(s => s.ObservedRevision() == 3 && s.Workloads().Count == 0, Converge, "revision 3 (empty)");
        Assert.Empty(await docker.ContainersOfNodeAsync(_agent.NodeId));
        // A few periodic resyncs (every 2 s) later, still untouched.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await AssertUntouchedAsync(foreign, startedAt, "after resyncs with nothing desired");
        Assert.Equal(otherNode, (await docker.InspectAsync(otherNodes)).Config.Labels[DockerE2eFixture.NodeLabel]);
    }

    private async Task<string> RunForeignAsync(string name, IDictionary<string, string>? labels = null)
    {
        var id = await docker.RunForeignAsync(name, labels);
        _foreign.Add(id);
        return id;
    }

    private async Task AssertUntouchedAsync(IEnumerable<string> ids, Dictionary<string, string> startedAt, string when)
    {
        foreach (var id in ids)
        {
            var seen = await docker.TryInspectAsync(id);
            Assert.True(seen is not null, $"foreign container {id[..12]} was removed {when}\nagent log:\n{_agent.Log}");
            Assert.True(seen.State.Running, $"foreign container {seen.Name} is {seen.State.Status} {when}");
            Assert.True(startedAt[id] == seen.State.StartedAt, $"foreign container {seen.Name} was restarted {when}");
        }
    }
}
