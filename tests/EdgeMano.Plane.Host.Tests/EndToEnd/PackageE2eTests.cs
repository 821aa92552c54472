using System.Net.Http.Headers;
using System.Text.Json;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>
/// Issue 6, acceptance 1: one package per format (EdgeMano YAML, SOL001 VNFD in a CSAR, OSM KNF with
/// a Helm chart, a Tacker-style CSAR of Kubernetes manifests) onboarded through the real plane,
/// deployed to a real agent on Docker, and running there.
/// </summary>
[Collection(FleetE2eCollection.Name)]
public sealed class PackageE2eTests(DockerE2eFixture docker)
{
    [Fact]
    public async Task OnboardAndDeploy_EachFormat_RunsOnRealAgent()
    {
        await using var fleet = await FleetUnderTest.StartAsync(Link.Embedded);
        var agent = fleet.Agent("site=pkg,tier=edge");
        agent.Start();
        var node = await fleet.NodeAsync(agent, n => n.GetProperty("presence").GetString() == "online", what: "the agent to register");

        var index = 0;
        foreach (var (format, fileName, content) in PackageFixtures.OnePerFormat())
        {
            var package = await OnboardAsync(fleet.Plane, fileName, content);
            var name = package.GetProperty("name").GetString()!;
            var version = package.GetProperty("version").GetString()!;
            var deployment = $"pkg-{++index}";
            var (status, body) = await fleet.Plane.PutDeploymentAsync(deployment, $"name: {deployment}\nselector: {{site: pkg}}\npackage: {{name: {name}, version: {version}}}\n");
            Assert.True(status == 201, $"{format} {fileName}: {status} {body}");
            var workloads = body.GetProperty("workloadNames").EnumerateArray().Select(w => w.GetString()!).ToArray();
            Assert.NotEmpty(workloads);

            var revision = node.DesiredRevision() + 1;
            node = await fleet.NodeAsync(agent, n => n.InSyncAt(revision) && n.Running(workloads),
                timeout: TimeSpan.FromSeconds(90), what: $"{fileName}: {string.Join(", ", workloads)} running");
            var containers = await docker.IdsByWorkloadAsync(agent.NodeId);
            var expectedContainers = package.GetProperty("workloads").EnumerateArray()
                .Where(w => w.GetProperty("kind").GetString() == "container").Select(w => w.GetProperty("name").GetString()!).ToList();
            Assert.All(expectedContainers, w => Assert.True(containers.ContainsKey(w), $"{fileName}: no container for {w}"));

            // Gone again before the next format, so their published ports never meet.
            Assert.Equal(204, await fleet.Plane.DeleteDeploymentAsync(deployment));
            revision = node.DesiredRevision() + 1;
            node = await fleet.NodeAsync(agent, n => n.InSyncAt(revision) && n.GetProperty("workloads").GetArrayLength() == 0,
                what: $"{fileName}: workloads removed");
        }
    }

    private static async Task<JsonElement> OnboardAsync(PlaneProcess plane, string fileName, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await plane.Http.PostAsync($"/api/v1/packages?filename={fileName}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{fileName}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
