using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>
/// Issue 6, acceptance 3: a network service of CNFs joined by virtual links, instantiated through
/// the real plane on a real agent on Docker. The client CNF on the server's link reaches it by its
/// DNS name (server.{ns}); a CNF on another link resolves nothing and cannot reach it even by address.
/// </summary>
[Collection(FleetE2eCollection.Name)]
public sealed class NetworkServiceE2eTests(DockerE2eFixture docker)
{
    private const string Ns = "webns";

    /// <summary>Serves a page on 8080 of its own address: publishes no host port, so only the link reaches it.</summary>
    private const string ServerPackage = """
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {name: ns-e2e-server, version: 1.0.0, provider: EdgeMano}
        workloads:
          - name: httpd
            kind: container
            image: local/busybox:1
            command: [sh, -c, 'echo hello-from-server > /tmp/index.html && exec httpd -f -p 8080 -h /tmp']
        """;

    /// <summary>Asks server.webns for the page every second and says what happened on stdout.</summary>
    private const string ProbePackage = """
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {name: ns-e2e-probe, version: 1.0.0, provider: EdgeMano}
        workloads:
          - name: probe
            kind: container
            image: local/busybox:1
            command: [sh, -c, 'while true; do if printf "GET /index.html HTTP/1.0\r\n\r\n" | nc -w 2 server.webns 8080 | grep -q hello-from-server; then echo REACHED; else echo UNREACHABLE; fi; sleep 1; done']
        """;

    /// <summary>The client shares link "data" with the server; the outsider (same package as the client) is on "mgmt" only.</summary>
    private const string Nsd = """
        apiVersion: edgemano/v1
        kind: NetworkService
        metadata: {name: ns-e2e-web, version: 1.0.0, provider: EdgeMano}
        cnfs:
          - {name: server, package: ns-e2e-server@1.0.0}
          - {name: client, package: ns-e2e-probe@1.0.0}
          - {name: outsider, package: ns-e2e-probe@1.0.0}
        virtualLinks:
          - {name: data, members: [server, client]}
          - {name: mgmt, members: [outsider]}
        pnfs:
          - {name: radio, address: 192.0.2.10, ports: [9000/udp]}
        """;

    private static readonly string[] Workloads = [$"{Ns}-client-probe", $"{Ns}-outsider-probe", $"{Ns}-server-httpd"];

    [Fact]
    public async Task Instantiate_TwoCnfsOnOneLink_ClientReachesServerByNameOutsiderCannot()
    {
        await using var fleet = await FleetUnderTest.StartAsync(Link.Embedded);
        var agent = fleet.Agent("site=ns-e2e");
        agent.Start();
        var node = await fleet.NodeAsync(agent, n => n.GetProperty("presence").GetString() == "online", what: "the agent to register");

        foreach (var (file, yaml) in new[] { ("server.yaml", ServerPackage), ("probe.yaml", ProbePackage), ("nsd.yaml", Nsd) })
            await OnboardAsync(fleet.Plane, file, yaml);
        var (status, body) = await PostAsync(fleet.Plane, $"{{\"name\": \"{Ns}\", \"nsd\": \"ns-e2e-web@1.0.0\", \"selector\": {{\"site\": \"ns-e2e\"}}}}");
        Assert.True(status == 201, $"{status} {body}");

        var revision = node.DesiredRevision() + 1;
        node = await fleet.NodeAsync(agent, n => n.InSyncAt(revision) && n.Running(Workloads), timeout: TimeSpan.FromSeconds(90), what: "the three CNFs running");
        var ids = await docker.IdsByWorkloadAsync(agent.NodeId);
        var server = await docker.InspectAsync(ids[$"{Ns}-server-httpd"]);
        var client = await docker.InspectAsync(ids[$"{Ns}-client-probe"]);
        var outsider = await docker.InspectAsync(ids[$"{Ns}-outsider-probe"]);

        // The links became networks, each CNF on its own links only, answering to {cnf}.{ns} there.
        Assert.Equal([$"{Ns}-data"], server.NetworkSettings.Networks.Keys.Order());
        Assert.Equal([$"{Ns}-data"], client.NetworkSettings.Networks.Keys.Order());
        Assert.Equal([$"{Ns}-mgmt"], outsider.NetworkSettings.Networks.Keys.Order());
        Assert.Contains($"server.{Ns}", server.NetworkSettings.Networks[$"{Ns}-data"].Aliases);
        Assert.Contains($"radio.{Ns}", client.HostConfig.ExtraHosts.Select(h => h.Split(':')[0]));

        await DockerE2eFixture.EventuallyAsync(async () => (await LogsAsync(client.ID)).Contains("REACHED\n", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => $"the client never reached server.{Ns}:8080; its log: {LogsAsync(client.ID).Result}");
        await DockerE2eFixture.EventuallyAsync(async () => Count(await LogsAsync(outsider.ID), "UNREACHABLE") >= 3,
            TimeSpan.FromSeconds(60), () => $"the outsider did not try three times; its log: {LogsAsync(outsider.ID).Result}");
        var outsiderLog = await LogsAsync(outsider.ID);
        Assert.DoesNotContain("\nREACHED", "\n" + outsiderLog, StringComparison.Ordinal);

        // Not by address either: the networks are isolated from each other, not only unnamed.
        var serverIp = server.NetworkSettings.Networks[$"{Ns}-data"].IPAddress;
        Assert.Equal(0, await ExecAsync(client.ID, "sh", "-c", $"printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {serverIp} 8080 | grep -q hello-from-server"));
        Assert.NotEqual(0, await ExecAsync(outsider.ID, "sh", "-c", $"printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {serverIp} 8080 | grep -q hello-from-server"));

        var instance = await fleet.Plane.GetJsonAsync($"/api/v1/ns_instances/{Ns}");
        Assert.All(instance.GetProperty("cnfs").EnumerateArray(), c => Assert.Equal(agent.NodeId, c.GetProperty("nodes")[0].GetString()));

        // The instance outlives a plane restart, and terminating it removes its workloads and networks.
        await fleet.Plane.RestartAsync();
        Assert.Equal(3, (await fleet.Plane.GetJsonAsync($"/api/v1/ns_instances/{Ns}")).GetProperty("cnfs").GetArrayLength());
        using (var deleted = await fleet.Plane.Http.DeleteAsync($"/api/v1/ns_instances/{Ns}"))
            Assert.Equal(204, (int)deleted.StatusCode);
        revision = (await fleet.Plane.GetJsonAsync($"/api/v1/nodes/{agent.NodeId}")).DesiredRevision();
        await fleet.NodeAsync(agent, n => n.InSyncAt(revision) && n.GetProperty("workloads").GetArrayLength() == 0,
            timeout: TimeSpan.FromSeconds(90), what: "the service's workloads removed");
        await DockerE2eFixture.EventuallyAsync(async () => !(await NetworkNamesAsync()).Any(n => n.StartsWith(Ns + "-", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), () => $"networks of {Ns} left: {string.Join(", ", NetworkNamesAsync().Result)}");
    }

    private async Task<string> LogsAsync(string id)
    {
        using var stream = await docker.Client.Containers.GetContainerLogsAsync(id, tty: false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, CancellationToken.None);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }

    private async Task<long> ExecAsync(string id, params string[] command)
    {
        var exec = await docker.Client.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters { Cmd = command, AttachStdout = true, AttachStderr = true });
        using (var stream = await docker.Client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false))
            await stream.ReadOutputToEndAsync(CancellationToken.None);
        return (await docker.Client.Exec.InspectContainerExecAsync(exec.ID)).ExitCode;
    }

    private async Task<List<string>> NetworkNamesAsync() =>
        (await docker.Client.Networks.ListNetworksAsync(new NetworksListParameters())).Select(n => n.Name).ToList();

    private static int Count(string text, string word) => text.Split('\n').Count(line => line == word);

    private static async Task OnboardAsync(PlaneProcess plane, string fileName, string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await plane.Http.PostAsync($"/api/v1/packages?filename={fileName}", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{fileName}: {(int)response.StatusCode} {text}");
    }

    private static async Task<(int Status, JsonElement Body)> PostAsync(PlaneProcess plane, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await plane.Http.PostAsync("/api/v1/ns_instances", content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
