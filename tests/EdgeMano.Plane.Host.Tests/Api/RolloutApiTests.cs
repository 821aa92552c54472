using System.Text.Json;
using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.Api;

/// <summary>The rollout REST verbs on a real plane with simulated nodes that run what they are told.</summary>
public sealed class RolloutApiTests : IAsyncLifetime
{
    private PlaneProcess _plane = null!;
    private readonly List<SimulatedNode> _sims = [];

    public async Task InitializeAsync()
    {
        _plane = await PlaneProcess.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            var sim = new SimulatedNode($"n{i}", "127.0.0.1", _plane.MqttPort, ("site", "api")) { HealthOf = _ => "Healthy" };
            _sims.Add(sim);
            await sim.ConnectAsync();
            await sim.PublishStatusAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var sim in _sims) await sim.DisposeAsync();
        await _plane.DisposeAsync();
    }

    /// <summary>An hour's soak keeps the rollout in wave 1 for the whole test.</summary>
    private static string Web(string greeting) => $"""
        name: web
        selector: {"{"}site: api{"}"}
        rollout: {"{"}batchSize: 1, soak: 1h{"}"}
        workloads:
          - name: web
            kind: container
            image: local/busybox:1
            env: {"{"}GREETING: {greeting}{"}"}
        """;

    private async Task<(int Status, JsonElement Body)> PostAsync(string path)
    {
        using var response = await _plane.Http.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> WaitRolloutAsync(Func<JsonElement, bool> predicate, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonElement rollout = default;
        while (DateTime.UtcNow < deadline)
        {
            rollout = await _plane.GetJsonAsync("/api/v1/deployments/web/rollout");
            if (predicate(rollout)) return rollout;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what}: {rollout}");
    }

    private static string? Greeting(Proto.V1.DesiredState? state) =>
        state?.Workloads.Single().Env.TryGetValue("GREETING", out var g) == true ? g : null;

    [Fact]
    public async Task RolloutVerbs_PauseResumeConflictRollback_AnswerAndMoveNodes()
    {
        Assert.Equal(201, (await _plane.PutDeploymentAsync("web", Web("v1"))).Status);
        await _sims[2].WaitForDesiredAsync(d => Greeting(d) == "v1");
        var (notYet, problem) = await PostAsync("/api/v1/deployments/web/rollout/pause");
        Assert.Equal(404, notYet);
        Assert.Contains("has no rollout", problem.GetProperty("detail").GetString());

        var (status, deployment) = await _plane.PutDeploymentAsync("web", Web("v2"));
        Assert.Equal(200, status);
        Assert.Equal("3600s", deployment.GetProperty("rollout").GetProperty("soak").GetString());
        Assert.Equal("web-2", deployment.GetProperty("rolloutStatus").GetProperty("id").GetString());
        await _sims[0].WaitForDesiredAsync(d => Greeting(d) == "v2");
        await WaitRolloutAsync(r => r.GetProperty("waveDetails")[0].GetProperty("nodes")[0].GetProperty("state").GetString() == "Soaking", "n1 soaking");

        var (conflict, conflictBody) = await _plane.PutDeploymentAsync("web", Web("v3"));
        Assert.Equal(409, conflict);
        Assert.Contains("is rolling out generation 2", conflictBody.GetProperty("detail").GetString());

        var (paused, pausedBody) = await PostAsync("/api/v1/deployments/web/rollout/pause?reason=night%20shift");
        Assert.Equal((200, "Paused"), (paused, pausedBody.GetProperty("state").GetString()));
        Assert.Equal("paused: night shift", pausedBody.GetProperty("reason").GetString());
        Assert.Equal(409, (await PostAsync("/api/v1/deployments/web/rollout/pause")).Status);
        Assert.Equal(400, (await PostAsync("/api/v1/deployments/web/rollout/pause?reason=" + new string('x', 501))).Status);
        Assert.Equal(404, (await PostAsync("/api/v1/deployments/nope/rollout/pause")).Status);
        var (resumed, resumedBody) = await PostAsync("/api/v1/deployments/web/rollout/resume");
        Assert.Equal((200, "InProgress"), (resumed, resumedBody.GetProperty("state").GetString()));

        var (rolledBack, view) = await PostAsync("/api/v1/deployments/web/rollback?reason=wrong%20greeting");
        Assert.Equal(200, rolledBack);
        Assert.Equal("RollingBack", view.GetProperty("rolloutStatus").GetProperty("state").GetString());
        await _sims[0].WaitForDesiredAsync(d => Greeting(d) == "v1");
        await WaitRolloutAsync(r => r.GetProperty("state").GetString() == "RolledBack", "rolled back");
        Assert.All(_sims.Skip(1), sim => Assert.DoesNotContain(sim.Received, d => Greeting(d) == "v2"));

        var revisions = (await _plane.GetJsonAsync("/api/v1/deployments/web/revisions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(1L, "Succeeded"), (2L, "RolledBack"), (3L, "Succeeded")],
            revisions.Select(r => (r.GetProperty("generation").GetInt64(), r.GetProperty("result").GetString())));
        var (nothingEarlier, nothingBody) = await PostAsync("/api/v1/deployments/web/rollback");
        Assert.Equal(409, nothingEarlier);
        Assert.Contains("no earlier revision with other workloads", nothingBody.GetProperty("detail").GetString());
        Assert.Equal(404, (await PostAsync("/api/v1/deployments/web/rollback?generation=99")).Status);
        Assert.Equal(400, (await PostAsync("/api/v1/deployments/web/rollback?generation=0")).Status);
    }
}
