using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>
/// Issue acceptance 3: the agent in its own network namespace behind a veth link, once with 30% of
/// its packets dropped and once with the link cut and restored several times, while deployments
/// change: it converges, nothing is lost (every event arrives, no gap), no container is duplicated.
/// </summary>
[Collection(FleetE2eCollection.Name)]
public sealed class BadLinkE2eTests(DockerE2eFixture docker)
{
    [Fact]
    public async Task ThirtyPercentPacketLoss_ThreeChanges_ConvergesWithoutDuplicates()
    {
        using var link = VethLink.Create();
        await using var fleet = await FleetUnderTest.StartAsync(Link.Embedded, listen: "0.0.0.0");
        var agent = fleet.Agent("site=lossy", link.HostAddress);
        link.DropPackets(0.3);
        agent.Start(link.Namespace);

        for (var version = 1; version <= 3; version++)
        {
            await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: lossy}", $"v{version}", "alpha", "beta"));
            var revision = version;
            await fleet.NodeAsync(agent, n => n.InSyncAt(revision) && n.Running("alpha", "beta"), TimeSpan.FromSeconds(180), $"v{version} over a lossy link");
            var ids = await docker.IdsByWorkloadAsync(agent.NodeId); // fails on a duplicate
            Assert.Contains($"GREETING=v{version}", (await docker.InspectAsync(ids["alpha"])).Config.Env);
        }
        Assert.True(link.DroppedPackets() > 0, "the statistic rule dropped nothing: the test did not test loss");
        await NoEventLostAsync(fleet, agent);
    }

    [Fact]
    public async Task LinkCutAndRestoredFourTimes_ChangesInBetween_ConvergesWithoutDuplicates()
    {
        using var link = VethLink.Create();
        await using var fleet = await FleetUnderTest.StartAsync(Link.Embedded, listen: "0.0.0.0");
        var agent = fleet.Agent("site=flaky", link.HostAddress);
        agent.Start(link.Namespace);
        await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: flaky}", "v0", "alpha", "beta"));
        await fleet.NodeAsync(agent, n => n.InSyncAt(1) && n.Running("alpha", "beta"), what: "v0 running");

        for (var cut = 1; cut <= 4; cut++)
        {
            link.Cut();
            await fleet.Plane.PutDeploymentAsync("app", E2eDeployments.Sleepers("app", "{site: flaky}", $"v{cut}", "alpha", "beta"));
            await Task.Delay(TimeSpan.FromSeconds(4));
            link.Restore();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        await fleet.NodeAsync(agent, n => n.InSyncAt(5) && n.Running("alpha", "beta"), TimeSpan.FromSeconds(180), "v4 after four cuts");
        var ids = await docker.IdsByWorkloadAsync(agent.NodeId);
        Assert.Contains("GREETING=v4", (await docker.InspectAsync(ids["alpha"])).Config.Env);
        await NoEventLostAsync(fleet, agent);
    }

    /// <summary>Every event the agent recorded reaches the plane: sequences 1..N with no gap, none left in the outbox.</summary>
    private static async Task NoEventLostAsync(FleetUnderTest fleet, AgentProcess agent)
    {
        long[] sequences = [];
        for (var i = 0; i < 120; i++)
        {
            var events = await fleet.Plane.GetJsonAsync($"/api/v1/nodes/{agent.NodeId}/events?limit=1000");
            sequences = events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
            var pending = (await agent.StatusAsync()).TryGetProperty("eventsPending", out var p) ? p.GetInt64() : 0;
            if (sequences.Length > 0 && pending == 0 && sequences.SequenceEqual(Enumerable.Range(1, sequences.Length).Select(s => (long)s))) return;
            await Task.Delay(500);
        }
        Assert.Fail($"events at the plane have gaps or are missing: [{string.Join(",", sequences)}]\nagent log:\n{agent.Log}");
    }
}
