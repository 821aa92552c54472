using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>
/// Issue 6, acceptance 4: a deployment moved to a new package version across one real agent on
/// Docker and five simulated nodes, in waves of two with the real node in the first. A version
/// whose health probe fails stops in wave 1 and rolls back by itself; a good one completes wave by wave.
/// </summary>
[Collection(FleetE2eCollection.Name)]
public sealed class RolloutE2eTests(DockerE2eFixture docker)
{
    private const string Selector = "site: roll";
    // Half of a wave may fail: only the real agent failing too (not the quicker simulated node alone) rolls back.
    private const string Rollout = "rollout: {batchSize: 2, soak: 3s, healthTimeout: 60s, failureThreshold: 0.5}";

    [Fact]
    public async Task Rollout_BadVersionThenGoodVersion_RollsBackThenCompletesWaveByWave()
    {
        await using var fleet = await FleetUnderTest.StartAsync(Link.Embedded);
        // Waves take nodes in name order: "a-real-…" sorts before "sim-…", so the real agent is in wave 1.
        var agent = fleet.Agent("site=roll", nodeId: "a-real-" + Guid.NewGuid().ToString("N")[..6]);
        agent.Start();
        await fleet.NodeAsync(agent, n => n.GetProperty("presence").GetString() == "online", what: "the agent to register");
        var sims = new List<SimulatedNode>();
        try
        {
            for (var i = 1; i <= 5; i++)
            {
                var sim = new SimulatedNode($"sim-{i}", "127.0.0.1", fleet.Plane.MqttPort, ("site", "roll")) { HealthOf = ProbeOnHost };
                sims.Add(sim);
                await sim.ConnectAsync();
                await sim.PublishStatusAsync();
            }
            foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0" })
                await OnboardAsync(fleet.Plane, Package(version, probe: version == "1.2.0" ? "false" : "true"));

            var (status, body) = await fleet.Plane.PutDeploymentAsync("roll", Deployment("1.0.0"));
            Assert.True(status == 201, body.ToString());
            await WaitRunningAsync(fleet, agent, "1.0.0");

            // The bad version: the real node's probe fails in wave 1, and the rollout undoes itself.
            (status, body) = await fleet.Plane.PutDeploymentAsync("roll", Deployment("1.2.0"));
            Assert.True(status == 200, body.ToString());
            var rolledBack = await WaitRolloutAsync(fleet.Plane, "RolledBack");
            var reason = rolledBack.GetProperty("reason").GetString()!;
            Assert.True(reason.Contains("wave 1: 2 of 2 nodes failed") && reason.Contains($"{agent.NodeId}: web "), rolledBack.ToString());
            Assert.All(sims.Skip(1), sim => Assert.DoesNotContain(sim.Received, d => VersionOf(d) == "1.2.0"));
            var deployment = await fleet.Plane.GetJsonAsync("/api/v1/deployments/roll");
            Assert.Equal("1.0.0", deployment.GetProperty("package").GetProperty("version").GetString());
            Assert.Equal(3, deployment.GetProperty("generation").GetInt64());
            await WaitRunningAsync(fleet, agent, "1.0.0");

            // The good version: every wave passes its soak before the next starts.
            (status, body) = await fleet.Plane.PutDeploymentAsync("roll", Deployment("1.1.0"));
            Assert.True(status == 200, body.ToString());
            var succeeded = await WaitRolloutAsync(fleet.Plane, "Succeeded");
            var waves = succeeded.GetProperty("waveDetails").EnumerateArray().ToList();
            Assert.Equal(3, waves.Count);
            for (var i = 1; i < waves.Count; i++)
            {
                var previousEnd = DateTimeOffset.Parse(waves[i - 1].GetProperty("finishedAt").GetString()!);
                var start = DateTimeOffset.Parse(waves[i].GetProperty("startedAt").GetString()!);
                Assert.True(previousEnd <= start, $"wave {i + 1} started {start:O} before wave {i} finished {previousEnd:O}");
            }
            Assert.All(waves.SelectMany(w => w.GetProperty("nodes").EnumerateArray()), n => Assert.Equal("Passed", n.GetProperty("state").GetString()));
            Assert.All(sims, sim => Assert.Equal("1.1.0", VersionOf(sim.Latest!)));
            await WaitRunningAsync(fleet, agent, "1.1.0");
            var revisions = await fleet.Plane.GetJsonAsync("/api/v1/deployments/roll/revisions");
            Assert.Equal(["Succeeded", "RolledBack", "Succeeded", "Succeeded"],
                revisions.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("result").GetString()));
        }
        finally
        {
            foreach (var sim in sims) await sim.DisposeAsync();
            await agent.CleanupNodeAsync();
        }
    }

    /// <summary>The simulated nodes run a workload's exec probe on the test host (true/false), so both kinds of node judge the same probe.</summary>
    private static string ProbeOnHost(WorkloadSpec workload)
    {
        if (workload.Health is not { Kind: ProbeKind.Exec } probe || probe.Command.Count == 0) return "None";
        using var process = Process.Start(new ProcessStartInfo(probe.Command[0], probe.Command.Skip(1)) { RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode == 0 ? "Healthy" : "Unhealthy";
    }

    private static string Deployment(string version) => $"name: roll\nselector: {{{Selector}}}\npackage: roll-web@{version}\n{Rollout}\n";

    private static string Package(string version, string probe) => $"""
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {"{"}name: roll-web, version: {version}, provider: EdgeMano tests{"}"}
        workloads:
          - name: web
            kind: container
            image: {TestImages.Busybox}
            command: [sh, -c, "echo {version} > /tmp/version && exec sleep 3600"]
            health:
              exec: {"{"}command: [{probe}]{"}"}
              period: 1s
              failureThreshold: 1
        """;

    private static string? VersionOf(Proto.V1.DesiredState state) =>
        state.Workloads.Select(w => w.Labels.TryGetValue("edgemano.package-version", out var v) ? v : null).FirstOrDefault(v => v is not null);

    private async Task WaitRunningAsync(FleetUnderTest fleet, AgentProcess agent, string version)
    {
        await fleet.NodeAsync(agent, n => n.Workload("web") is { } w && w.GetProperty("phase").GetString() == "Running"
            && w.GetProperty("health").GetString() == "Healthy" && n.InSyncAt(n.DesiredRevision()), TimeSpan.FromSeconds(90), $"web {version} running and healthy");
        var ids = await docker.IdsByWorkloadAsync(agent.NodeId);
        var inspect = await docker.InspectAsync(ids["web"]);
        Assert.Contains($"echo {version} >", string.Join(" ", [.. inspect.Config.Entrypoint ?? [], .. inspect.Config.Cmd ?? []]));
    }

    private static async Task<JsonElement> WaitRolloutAsync(PlaneProcess plane, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        JsonElement rollout = default;
        while (DateTime.UtcNow < deadline)
        {
            rollout = await plane.GetJsonAsync("/api/v1/deployments/roll/rollout");
            var now = rollout.GetProperty("state").GetString();
            if (now == state) return rollout;
            if (now is "Succeeded" or "RolledBack" or "Failed") break;
            await Task.Delay(250);
        }
        throw new TimeoutException($"rollout not {state}: {rollout}\nplane log:\n{plane.Log}");
    }

    private static async Task OnboardAsync(PlaneProcess plane, string yaml)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(yaml));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await plane.Http.PostAsync("/api/v1/packages?filename=cnf.yaml", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
