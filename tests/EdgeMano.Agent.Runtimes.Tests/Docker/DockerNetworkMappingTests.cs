using System.Text.Json;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Runtimes.Docker;

namespace EdgeMano.Agent.Runtimes.Tests.Docker;

/// <summary>How networks and hosts of a spec become a create request: no engine needed.</summary>
public sealed class DockerNetworkMappingTests
{
    private static readonly WorkloadSpec Plain = new() { Name = "web", Kind = WorkloadKind.Container, Image = "local/busybox:1" };

    private static CreateContainerRequest Map(WorkloadSpec spec) => DockerContainerMapper.ToCreateRequest(spec, "h", "n1", TimeSpan.FromSeconds(2));

    [Fact]
    public void ToCreateRequest_Networks_FirstIsNetworkModeAndOnlyEndpointAtCreate()
    {
        var request = Map(Plain with
        {
            Networks = new([
                new NetworkAttachment { Name = "ns1-n3", Aliases = new(["upf.ns1", "upf"]) },
                new NetworkAttachment { Name = "ns1-n6", Aliases = new(["upf-n6.ns1"]) },
            ]),
        });

        Assert.Equal("ns1-n3", request.HostConfig.NetworkMode);
        var endpoint = Assert.Single(request.NetworkingConfig!.EndpointsConfig);
        Assert.Equal("ns1-n3", endpoint.Key);
        Assert.Equal(["upf.ns1", "upf"], endpoint.Value.Aliases);
    }

    [Fact]
    public void ToCreateRequest_NetworkWithoutAliases_EndpointWithoutAliases()
    {
        var request = Map(Plain with { Networks = new([new NetworkAttachment { Name = "ns1-n3" }]) });

        Assert.Null(request.NetworkingConfig!.EndpointsConfig["ns1-n3"].Aliases);
    }

    [Fact]
    public void ToCreateRequest_Hosts_ExtraHostsAsNameColonAddress()
    {
        var request = Map(Plain with { Hosts = new([new("pnf.ns1", "10.0.0.7"), new("gw.ns1", "fd00::1")]) });

        Assert.Equal(["gw.ns1:fd00::1", "pnf.ns1:10.0.0.7"], request.HostConfig.ExtraHosts);
        Assert.Equal("bridge", request.HostConfig.NetworkMode);
    }

    [Fact]
    public void ToCreateRequest_NoNetworksNoHosts_RequestJsonAsBefore()
    {
        var json = JsonSerializer.Serialize(Map(Plain with { Network = "host" }), DockerJsonContext.Default.CreateContainerRequest);

        Assert.DoesNotContain("NetworkingConfig", json);
        Assert.DoesNotContain("ExtraHosts", json);
        Assert.Contains("\"NetworkMode\":\"host\"", json);
    }
}
