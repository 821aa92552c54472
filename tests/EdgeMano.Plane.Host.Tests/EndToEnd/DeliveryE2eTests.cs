using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>
/// Issue acceptance 1: deploy -> containers running and reported in the plane; update -> only the
/// changed workload recreated; delete -> removed. Once per link: embedded broker, Mosquitto, gRPC Sync.
/// </summary>
[Collection(FleetE2eCollection.Name)]
public sealed class DeliveryE2eTests(DockerE2eFixture docker)
{
    [Theory]
    [InlineData(Link.Embedded)]
    [InlineData(Link.Mosquitto)]
    [InlineData(Link.Grpc)]
    public async Task DeployUpdateDelete_RealAgentOnDocker_ConvergesEachStep(Link link)
    {
        await using var fleet = await FleetUnderTest.StartAsync(link);
        var agent = fleet.Agent("site=e2e,tier=edge");
        agent.Start();
        await fleet.NodeAsync(agent, n => n.GetProperty("presence").GetString() == "online", what: "the agent to register");

        var yaml = E2eDeployments.Sleepers("app", "{site: e2e}", "v1", "alpha", "beta");
        Assert.Equal(201, (await fleet.Plane.PutDeploymentAsync("app", yaml)).Status);
        var node = await fleet.NodeAsync(agent, n => n.InSyncAt(1) && n.Running("alpha", "beta"), what: "alpha and beta running");
        var before = await docker.IdsByWorkloadAsync(agent.NodeId);
        Assert.Equal(["alpha", "beta"], before.Keys.Order().ToArray());

        // Update only alpha: beta keeps its container.
        Assert.Equal(200, (await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: e2e}", "v2", "alpha", "beta"))).Status);
        var revision = node.DesiredRevision() + 1;
        await fleet.NodeAsync(agent, n => n.InSyncAt(revision) && n.Running("alpha", "beta"), what: "the update applied");
        var after = await docker.IdsByWorkloadAsync(agent.NodeId);
        Assert.Equal(before["beta"], after["beta"]);
        Assert.NotEqual(before["alpha"], after["alpha"]);
        var env = (await docker.InspectAsync(after["alpha"])).Config.Env;
        Assert.Contains("GREETING=v2", env);

        // Delete: both containers go.
        Assert.Equal(204, await fleet.Plane.DeleteDeploymentAsync("app"));
        await fleet.NodeAsync(agent, n => n.InSyncAt(revision + 1) && n.GetProperty("workloads").GetArrayLength() == 0, what: "the workloads removed");
        await DockerE2eFixture.EventuallyAsync(async () => (await docker.ContainersOfNodeAsync(agent.NodeId)).Count == 0,
            TimeSpan.FromSeconds(30), () => "containers of the node still exist");
    }
}
