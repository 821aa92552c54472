using System.Diagnostics;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>
/// Issue acceptance 2: the broker (or the plane) is away for 60 s while deployments change. The
/// agent keeps its workloads running; when the link is back it converges to the latest revision
/// and the plane shows every workload's latest status. A plane restart in the middle loses nothing.
/// </summary>
[Collection(FleetE2eCollection.Name)]
public sealed class LinkLossE2eTests(DockerE2eFixture docker)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BrokerDown60s_DeploymentsChangeAndPlaneRestarts_AgentKeepsRunningThenConverges()
    {
        await using var fleet = await FleetUnderTest.StartAsync(Link.Mosquitto);
        var agent = fleet.Agent("site=loss");
        agent.Start();
        await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: loss}", "v1", "alpha", "beta"));
        await fleet.NodeAsync(agent, n => n.InSyncAt(1) && n.Running("alpha", "beta"), what: "v1 running");
        var before = await docker.IdsByWorkloadAsync(agent.NodeId);

        await fleet.Broker!.StopAsync();
        var outage = Stopwatch.StartNew();
        Assert.Equal(200, (await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: loss}", "v2", "alpha", "beta"))).Status);
        await KeepsRunningAsync(agent, before, TimeSpan.FromSeconds(20));
        await fleet.Plane.RestartAsync(); // the plane restarts while the node is unreachable
        Assert.Equal(200, (await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: loss}", "v3", "alpha", "beta", "gamma"))).Status);
        var latest = (await fleet.Plane.GetJsonAsync($"/api/v1/nodes/{agent.NodeId}")).DesiredRevision();
        await KeepsRunningAsync(agent, before, Outage - outage.Elapsed);
        await fleet.Broker.StartAgainAsync();

        var node = await fleet.NodeAsync(agent, n => n.InSyncAt(latest) && n.Running("alpha", "beta", "gamma"), what: "the latest revision after the outage");
        Assert.Equal(latest, node.GetProperty("observedRevision").GetInt64());
        var after = await docker.IdsByWorkloadAsync(agent.NodeId);
        Assert.Equal(before["beta"], after["beta"]);
        Assert.Contains("GREETING=v3", (await docker.InspectAsync(after["alpha"])).Config.Env);
    }

    [Fact]
    public async Task EmbeddedPlaneDown60s_AgentKeepsRunning_ThenTakesNewDeployment()
    {
        await using var fleet = await FleetUnderTest.StartAsync(Link.Embedded);
        var agent = fleet.Agent("site=down");
        agent.Start();
        await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: down}", "v1", "alpha"));
        await fleet.NodeAsync(agent, n => n.InSyncAt(1) && n.Running("alpha"), what: "v1 running");
        var before = await docker.IdsByWorkloadAsync(agent.NodeId);

        await fleet.Plane.KillAsync(); // the plane and its broker vanish at once
        await KeepsRunningAsync(agent, before, Outage);
        await fleet.Plane.RestartAsync();
        await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: down}", "v2", "alpha"));

        await fleet.NodeAsync(agent, n => n.InSyncAt(2) && n.Running("alpha") &&
            n.Workload("alpha")!.Value.GetProperty("specHash").GetString() != "", what: "v2 after the plane came back");
        var after = await docker.IdsByWorkloadAsync(agent.NodeId);
        Assert.Contains("GREETING=v2", (await docker.InspectAsync(after["alpha"])).Config.Env);
    }

    /// <summary>For <paramref name="period"/>, the node's containers stay the same and keep running.</summary>
    private async Task KeepsRunningAsync(AgentProcess agent, IReadOnlyDictionary<string, string> expected, TimeSpan period)
    {
        var until = DateTime.UtcNow + period;
        do
        {
            var ids = await docker.IdsByWorkloadAsync(agent.NodeId);
            Assert.Equal(expected.OrderBy(e => e.Key), ids.OrderBy(e => e.Key));
            foreach (var id in ids.Values) Assert.True((await docker.InspectAsync(id)).State.Running, $"container {id} stopped during the outage");
            Assert.NotNull(agent.DaemonPid);
            await Task.Delay(TimeSpan.FromSeconds(5));
        } while (DateTime.UtcNow < until);
    }
}
