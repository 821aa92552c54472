using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Testing;
using Xunit.Abstractions;
using static EdgeMano.Agent.Host.Tests.Infrastructure.DockerE2eWorkloads;

namespace EdgeMano.Agent.Host.Tests.Docker;

/// <summary>
/// Restart policy, backoff, retry limit and health-driven replacement, end to end: the agent's
/// decisions are measured on the engine's own event stream (start/create times), not on its logs.
/// </summary>
[Collection(DockerE2eCollection.Name)]
public sealed class RestartPolicyTests(DockerE2eFixture docker, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AgentProcess _agent = new();
    private DockerE2eEvents? _events;

    private DockerE2eEvents Events => _events!;

    public async Task InitializeAsync()
    {
        _events = new DockerE2eEvents(docker.Client, _agent.NodeId);
        _agent.Start();
        await _agent.WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        if (_events is not null) await _events.DisposeAsync();
    }

    [Fact]
    public async Task CrashLoop_ExitingContainer_RestartsWithGrowingCappedBackoffThenFails()
    {
        var applied = await _agent.ApplyYamlAsync(Document(1, Container("crasher",
            "command: [sh, -c, \"exit 3\"]",
            "restart: {policy: always, maxRetries: 4, backoffUnit: 1s, backoffCap: 2s}")));
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var status = await _agent.WaitForStatusAsync(s => s.Is("crasher", "Failed"), TimeSpan.FromSeconds(40), "crasher Failed");
        var crasher = status.Workload("crasher")!.Value;
        Assert.Contains("restart limit", crasher.Str("lastError"));
        Assert.Equal(4, crasher.Restarts());
        Assert.Equal(3, crasher.LastExitCode());

        // One container, started once by create and four times by policy: unit x 2^n capped at 2 s.
        var starts = Events.Of("start", "crasher");
        Assert.True(starts.Count == 5, $"expected 5 starts (1 + 4 restarts), saw {starts.Count}:\n{Events.Describe()}");
        Assert.Single(Events.Of("create", "crasher"));
        var intervals = starts.Zip(starts.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToArray();
        var shown = string.Join(", ", intervals.Select(i => i.ToString("0.00")));
        output.WriteLine($"intervals between starts: [{shown}] s");
        // Each interval is the backoff plus the engine's start time and scheduling (~0.5-1 s here);
        // the differences between intervals cancel that overhead out.
        double[] backoff = [1, 2, 2, 2];
        for (var i = 0; i < backoff.Length; i++)
            Assert.True(intervals[i] >= backoff[i] - 0.05 && intervals[i] <= backoff[i] + 2.0,
                $"restart {i + 1}: expected the {backoff[i]} s backoff plus start overhead, intervals were [{shown}] s");
        // Grows by one unit (1 s -> 2 s), then capped: 2, 2 (uncapped would be 4, 8).
        Assert.True(intervals[1] - intervals[0] is > 0.5 and < 1.5, $"backoff did not double from 1 s to 2 s: [{shown}] s");
        Assert.True(Math.Abs(intervals[2] - intervals[1]) < 0.9 && Math.Abs(intervals[3] - intervals[1]) < 0.9,
            $"backoff not capped at 2 s: [{shown}] s");

        // Given up: no more starts, well past the cap and a resync.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(5, Events.Of("start", "crasher").Count);
        Assert.True((await _agent.StatusAsync()).Is("crasher", "Failed"));
    }

    [Fact]
    public async Task FailingHttpProbe_UnhealthyContainer_IsReplacedRepeatedly()
    {
        var port = FreePort.Get();
        // httpd serves /www, where /missing does not exist: every probe gets a 404.
        var applied = await _agent.ApplyYamlAsync(Document(1, Container("sick",
            "command: [httpd, -f, -p, \"8080\", -h, /www]",
            $"ports: [{{containerPort: 8080, hostPort: {port}, hostIp: 127.0.0.1}}]",
            "restart: {policy: always, backoffUnit: 1s, backoffCap: 2s}",
            "health: {http: {path: /missing, port: 8080}, period: 1s, timeout: 1s, failureThreshold: 2}")));
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var sawUnhealthy = false;
        var maxRestarts = 0;
        var runtimeIds = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (Events.Of("create", "sick").Count < 3 || maxRestarts < 2)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"not replaced twice within 45 s (unhealthy seen: {sawUnhealthy}, restarts: {maxRestarts})\nevents:\n{Events.Describe()}\nagent log:\n{_agent.Log}");
            var status = await _agent.StatusAsync();
            if (status.Workload("sick") is { } w)
            {
                sawUnhealthy |= w.Str("health") == "Unhealthy";
                maxRestarts = Math.Max(maxRestarts, w.Restarts());
                if (w.Str("runtimeId").Length > 0) runtimeIds.Add(w.Str("runtimeId"));
            }
            await Task.Delay(200);
        }

        Assert.True(sawUnhealthy, "status never showed health Unhealthy");
        Assert.True(maxRestarts >= 2, $"restarts reached only {maxRestarts}");
        Assert.True(runtimeIds.Count >= 2, $"status showed only {runtimeIds.Count} container id(s)");
        // Replaced, not restarted in place: every create is a new container, the old one is gone.
        var created = Events.Of("create", "sick").Select(e => e.ContainerId).ToList();
        Assert.Equal(created.Count, created.Distinct().Count());
        Assert.True(Events.Of("destroy", "sick").Count >= 2, $"old containers not removed:\n{Events.Describe()}");
        Assert.True((await docker.ContainersOfNodeAsync(_agent.NodeId)).Count <= 1, "more than one container of 'sick' at once");
        var sick = (await _agent.StatusAsync()).Workload("sick")!.Value;
        Assert.NotEqual("Failed", sick.Str("phase")); // no retry limit: it keeps trying
    }

    [Fact]
    public async Task CleanExit_OnFailureAndNever_StaysExitedButOnFailureRestartsAFailure()
    {
        var applied = await _agent.ApplyYamlAsync(Document(1,
            Container("done-onfailure", "command: [sh, -c, \"exit 0\"]", "restart: {policy: on-failure, backoffUnit: 1s, backoffCap: 2s}"),
            Container("done-never", "command: [sh, -c, \"exit 0\"]", "restart: {policy: never}"),
            Container("failed-never", "command: [sh, -c, \"exit 5\"]", "restart: {policy: never}"),
            Container("failed-onfailure", "command: [sh, -c, \"exit 7\"]", "restart: {policy: on-failure, maxRetries: 1, backoffUnit: 1s, backoffCap: 1s}")));
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var status = await _agent.WaitForStatusAsync(
            s => s.Is("done-onfailure", "Exited") && s.Is("done-never", "Exited") && s.Is("failed-never", "Exited") && s.Is("failed-onfailure", "Failed"),
            TimeSpan.FromSeconds(30), "three Exited and one Failed");
        // Past the backoff unit and a resync or two: nothing comes back by itself.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        status = await _agent.StatusAsync();

        foreach (var (name, code) in new[] { ("done-onfailure", 0), ("done-never", 0), ("failed-never", 5) })
        {
            var w = status.Workload(name)!.Value;
            Assert.True(w.Str("phase") == "Exited", $"{name}: phase {w.Str("phase")}");
            Assert.Equal(code, w.LastExitCode());
            Assert.Equal(0, w.Restarts());
            Assert.True(Events.Of("start", name).Count == 1, $"{name} started {Events.Of("start", name).Count} times:\n{Events.Describe()}");
            // The exited container is kept (logs, exit code), not removed or replaced.
            var seen = await docker.InspectAsync(w.Str("runtimeId"));
            Assert.Equal("exited", seen.State.Status);
            Assert.Equal(code, seen.State.ExitCode);
        }
        var failing = status.Workload("failed-onfailure")!.Value;
        Assert.Equal(1, failing.Restarts());
        Assert.Equal(2, Events.Of("start", "failed-onfailure").Count);
        Assert.Contains("restart limit", failing.Str("lastError"));
        Assert.Equal(4, (await docker.ContainersOfNodeAsync(_agent.NodeId)).Count);
    }
}
