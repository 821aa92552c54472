using Docker.DotNet;
using Docker.DotNet.Models;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Testing;
using NetworkAttachment = EdgeMano.Agent.Core.Model.NetworkAttachment;

namespace EdgeMano.Agent.Runtimes.Tests.Docker;

/// <summary>
/// A network service on one node: CNFs on virtual-link networks, finding each other by DNS alias,
/// and fixed endpoints through /etc/hosts. Checked from inside the containers and through an
/// independent client.
/// </summary>
public sealed partial class DockerRuntimeTests
{
    /// <summary>Every network a test may have made or joined, removed at the end whatever happened.</summary>
    private readonly HashSet<string> _testNetworks = [];

    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A name no other test run uses (networks are engine-wide).</summary>
    private string Link(string name)
    {
        var network = $"{NodeId}-{name}";
        _testNetworks.Add(network);
        return network;
    }

    private WorkloadSpec HttpServer(string name, params NetworkAttachment[] networks) => LongRunning(name) with
    {
        Args = new(["sh", "-c", "echo edgemano > /www/index.html && exec httpd -f -p 8080 -h /www"]),
        Networks = new(networks),
    };

    private WorkloadSpec OnNetworks(string name, params NetworkAttachment[] networks) => LongRunning(name) with { Networks = new(networks) };

    private static NetworkAttachment Attach(string network, params string[] aliases) => new() { Name = network, Aliases = new(aliases) };

    /// <summary>A shell line that exits 0 only when an HTTP GET to <paramref name="host"/>:8080 returns the server's page.</summary>
    private static string[] HttpGet(string host) =>
        ["sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {host} 8080 | grep -q edgemano"];

    [Fact]
    public async Task Create_ServerAndClientOnOneLink_ClientReachesServerByAliasOutsiderCannot()
    {
        var driver = MyDriver();
        var link = Link("ns1-link");
        var server = await driver.CreateAsync(
            HttpServer("server", Attach(link, "server.ns1")) with { Hosts = new([new("pnf.ns1", "127.0.0.1")]) }, "h", CancellationToken.None);
        var client = await driver.CreateAsync(OnNetworks("client", Attach(link, "client.ns1")), "h", CancellationToken.None);
        var outsider = await driver.CreateAsync(LongRunning("outsider"), "h", CancellationToken.None);

        Assert.Equal(0, await ExecUntilSuccessAsync(driver, client, HttpGet("server.ns1")));
        // The PNF-style entry: a fixed name in /etc/hosts (here the server itself, on loopback).
        Assert.Equal(0, await driver.ExecAsync(server, HttpGet("pnf.ns1"), ExecTimeout, CancellationToken.None));
        using var docker = IndependentClient();
        var serverAddress = (await docker.Containers.InspectContainerAsync(server.RuntimeId)).NetworkSettings.Networks[link].IPAddress;
        Assert.Equal(0, await driver.ExecAsync(client, HttpGet(serverAddress), ExecTimeout, CancellationToken.None));
        // Not on the link: neither the name nor the address gets it there. (Its resolver is the
        // node's, off the machine, so the name is checked where the engine would put it: /etc/hosts.)
        Assert.NotEqual(0, await driver.ExecAsync(outsider, HttpGet(serverAddress), ExecTimeout, CancellationToken.None));
        Assert.NotEqual(0, await driver.ExecAsync(outsider, ["grep", "-q", "server.ns1", "/etc/hosts"], ExecTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task Create_OutsiderOnAnotherLink_CannotResolveOrReachServer()
    {
        var driver = MyDriver();
        var link = Link("ns1-link");
        // The outsider's link is internal (made here, joined as is): the engine's DNS then cannot
        // forward an unknown name off the machine, so asking for server.ns1 stays on this node.
        var isolated = Link("ns2-iso");
        using var docker = IndependentClient();
        await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = isolated, Driver = "bridge", Internal = true });
        var server = await driver.CreateAsync(HttpServer("server", Attach(link, "server.ns1")), "h", CancellationToken.None);
        var client = await driver.CreateAsync(OnNetworks("client", Attach(link, "client.ns1")), "h", CancellationToken.None);
        var outsider = await driver.CreateAsync(OnNetworks("outsider", Attach(isolated, "outsider.ns2")), "h", CancellationToken.None);
        Assert.Equal(0, await ExecUntilSuccessAsync(driver, client, HttpGet("server.ns1")));
        // Its own name resolves: a failure below is about server.ns1, not a resolver that is down.
        Assert.Equal(0, await ExecUntilSuccessAsync(driver, outsider, ["busybox", "nslookup", "outsider.ns2"]));

        Assert.NotEqual(0, await driver.ExecAsync(outsider, ["busybox", "nslookup", "server.ns1"], ExecTimeout, CancellationToken.None));
        Assert.NotEqual(0, await driver.ExecAsync(outsider, HttpGet("server.ns1"), ExecTimeout, CancellationToken.None));
        var serverAddress = (await docker.Containers.InspectContainerAsync(server.RuntimeId)).NetworkSettings.Networks[link].IPAddress;
        Assert.NotEqual(0, await driver.ExecAsync(outsider, HttpGet(serverAddress), ExecTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task Create_TwoNetworks_FirstAtCreateSecondConnectedBeforeStartWithAliases()
    {
        var driver = MyDriver();
        var n3 = Link("n3");
        var n6 = Link("n6");
        // Exits 9 unless it sees lo plus two interfaces the moment it starts.
        var upf = OnNetworks("upf", Attach(n3, "upf.ns1"), Attach(n6, "upf-n6.ns1", "dn-gw.ns1")) with
        {
            Args = new(["sh", "-c", "test $(ls /sys/class/net | wc -l) -eq 3 || exit 9; exec sleep 3600"]),
        };

        var created = await driver.CreateAsync(upf, SpecHash.Compute(upf), CancellationToken.None);
        var peer = await driver.CreateAsync(OnNetworks("dn", Attach(n6)), "h", CancellationToken.None);

        Assert.Equal(InstanceState.Running, (await WaitFor(driver, "upf", i => i.State == InstanceState.Running)).State);
        Assert.Equal(0, await ExecUntilSuccessAsync(driver, peer, ["busybox", "nslookup", "dn-gw.ns1"]));
        using var docker = IndependentClient();
        var seen = await docker.Containers.InspectContainerAsync(created.RuntimeId);
        Assert.Equal(n3, seen.HostConfig.NetworkMode);
        Assert.Equal([n3, n6], seen.NetworkSettings.Networks.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("upf.ns1", seen.NetworkSettings.Networks[n3].Aliases);
        Assert.Contains("dn-gw.ns1", seen.NetworkSettings.Networks[n6].Aliases);
        Assert.DoesNotContain("upf.ns1", seen.NetworkSettings.Networks[n6].Aliases ?? []);
    }

    [Fact]
    public async Task Create_Hosts_WrittenToEtcHosts()
    {
        var driver = MyDriver();
        var spec = OnNetworks("smf", Attach(Link("n4"))) with { Hosts = new([new("pnf.ns1", "10.20.0.5"), new("gw.ns1", "fd00::1")]) };

        var created = await driver.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(0, await driver.ExecAsync(created, ["sh", "-c", "grep -q '^10.20.0.5\tpnf.ns1$' /etc/hosts && grep -q '^fd00::1\tgw.ns1$' /etc/hosts"],
            ExecTimeout, CancellationToken.None));
        using var docker = IndependentClient();
        Assert.Equal(["gw.ns1:fd00::1", "pnf.ns1:10.20.0.5"], (await docker.Containers.InspectContainerAsync(created.RuntimeId)).HostConfig.ExtraHosts);
    }

    [Fact]
    public async Task Remove_LastContainerOnOwnedNetwork_NetworkRemovedOnlyThen()
    {
        var driver = MyDriver();
        var link = Link("ns1-link");
        var server = await driver.CreateAsync(HttpServer("server", Attach(link, "server.ns1")), "h", CancellationToken.None);
        var client = await driver.CreateAsync(OnNetworks("client", Attach(link, "client.ns1")), "h", CancellationToken.None);
        using var docker = IndependentClient();
        var network = await docker.Networks.InspectNetworkAsync(link);
        Assert.Equal(("bridge", false), (network.Driver, network.Internal));
        Assert.Equal("true", network.Labels["edgemano.owned"]);
        Assert.Equal("true", network.Labels["edgemano.managed"]);
        Assert.Equal(NodeId, network.Labels["edgemano.node"]);

        await driver.RemoveAsync(server, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.True(await NetworkExistsAsync(link));

        await driver.RemoveAsync(client, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.False(await NetworkExistsAsync(link));
    }

    [Fact]
    public async Task Remove_OtherUserOnlyStopped_NetworkKeptAndStoppedOneStartsAgain()
    {
        var driver = MyDriver();
        var link = Link("ns1-link");
        await driver.CreateAsync(ExitsWith("batch", 3) with { Networks = new([Attach(link, "batch.ns1")]) }, "h", CancellationToken.None);
        var stopped = await WaitFor(driver, "batch", i => i.State == InstanceState.Exited);
        var server = await driver.CreateAsync(HttpServer("server", Attach(link, "server.ns1")), "h", CancellationToken.None);

        // The engine counts only running containers as a network's users; the driver must not.
        await driver.RemoveAsync(server, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(await NetworkExistsAsync(link));
        await driver.StartAsync(stopped, CancellationToken.None);
        await WaitFor(driver, "batch", i => i.State == InstanceState.Exited && i.FinishedAt > stopped.FinishedAt);
    }

    [Fact]
    public async Task ForeignNetwork_SameName_JoinedAsIsAndNeverRemoved()
    {
        var driver = MyDriver();
        var link = Link("foreign-link");
        using var docker = IndependentClient();
        var foreignId = (await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = link,
            Driver = "bridge",
            Labels = new Dictionary<string, string> { ["team"] = "operator" },
        })).ID;
        var server = await driver.CreateAsync(HttpServer("server", Attach(link, "server.ns1")), "h", CancellationToken.None);
        var client = await driver.CreateAsync(OnNetworks("client", Attach(link)), "h", CancellationToken.None);

        Assert.Equal(0, await ExecUntilSuccessAsync(driver, client, HttpGet("server.ns1")));
        await driver.RemoveAsync(server, TimeSpan.FromSeconds(1), CancellationToken.None);
        await driver.RemoveAsync(client, TimeSpan.FromSeconds(1), CancellationToken.None);

        var network = await docker.Networks.InspectNetworkAsync(link);
        Assert.Equal(foreignId, network.ID);
        Assert.False(network.Labels.ContainsKey("edgemano.owned"));
    }

    [Fact]
    public async Task NewDriverInstance_AdoptsWorkloadOnNetworks_WithItsSpecHash()
    {
        var spec = HttpServer("server", Attach(Link("ns1-link"), "server.ns1"));
        var hash = SpecHash.Compute(spec);
        var first = MyDriver();
        var created = await first.CreateAsync(spec, hash, CancellationToken.None);
        first.Dispose();

        var listed = Assert.Single(await MyDriver().ListAsync(CancellationToken.None), i => i.Name == "server");

        Assert.Equal((created.RuntimeId, hash), (listed.RuntimeId, listed.SpecHash));
        Assert.NotEqual(SpecHash.Compute(spec with { Networks = ValueList<NetworkAttachment>.Empty }), listed.SpecHash);
    }

    /// <summary>Retries while the server or the engine's DNS is still coming up.</summary>
    private static async Task<int> ExecUntilSuccessAsync(IWorkloadRuntime driver, ObservedWorkload instance, IReadOnlyList<string> command)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var code = await driver.ExecAsync(instance, command, ExecTimeout, CancellationToken.None);
            if (code == 0 || DateTime.UtcNow > deadline) return code;
            await Task.Delay(200);
        }
    }

    private async Task<bool> NetworkExistsAsync(string name)
    {
        using var docker = IndependentClient();
        try
        {
            return (await docker.Networks.InspectNetworkAsync(name)).Name == name;
        }
        catch (DockerNetworkNotFoundException)
        {
            return false;
        }
    }

    private async Task RemoveTestNetworksAsync()
    {
        if (_testNetworks.Count == 0) return;
        using var docker = IndependentClient();
        foreach (var name in _testNetworks)
        {
            try
            {
                await docker.Networks.DeleteNetworkAsync(name);
            }
            catch (DockerNetworkNotFoundException) { }
        }
    }
}
