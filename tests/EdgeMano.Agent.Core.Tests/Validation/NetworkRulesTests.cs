using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using static EdgeMano.Agent.Core.Tests.Validation.ValidationYaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

/// <summary>networks (virtual links with DNS aliases) and hosts (fixed endpoints), located in a YAML file.</summary>
public sealed class NetworkRulesTests
{
    [Fact]
    public void Validate_NetworksWithAliasesAndHosts_Accepted()
    {
        AssertValid(Container(
            "    networks:\n" +
            "      - name: ns1-link\n" +
            "        aliases: [server.ns1, server]\n" +
            "      - ns1_mgmt.v2\n" +
            "    hosts: {pnf.ns1: 10.0.0.7, gw.ns1: \"fd00::1\"}\n"));
    }

    [Fact]
    public void Validate_BadAlias_LocatedAtTheAlias()
    {
        Assert.Equal("test.yaml:9:31: workloads[0].networks[0].aliases[1]: 'Bad_Alias' is not a DNS name: labels of lowercase letters, digits and '-' separated by dots, each at most 63 characters, at most 253 in all",
            SingleError(Container("    networks:\n      - name: ns1-link\n        aliases: [server.ns1, Bad_Alias]\n")));
    }

    [Theory]
    [InlineData("server..ns1")]
    [InlineData(".server")]
    [InlineData("server.")]
    [InlineData("-server.ns1")]
    public void Validate_AliasWithEmptyOrBadLabel_Refused(string alias)
    {
        Assert.Contains($"workloads[0].networks[0].aliases[0]: '{alias}' is not a DNS name",
            SingleError(Container($"    networks: [{{name: ns1-link, aliases: [\"{alias}\"]}}]\n")));
    }

    [Theory]
    [InlineData("Ns1")]
    [InlineData("-ns1")]
    [InlineData("ns1/link")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Validate_BadNetworkName_Located(string name)
    {
        Assert.Equal($"test.yaml:8:15: workloads[0].networks[0].name: '{name}' is not a valid network name: lowercase letters, digits, '_', '.' and '-', starting with a letter or digit, at most 63 characters",
            SingleError(Container($"    networks:\n      - name: {name}\n")));
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("host")]
    [InlineData("none")]
    public void Validate_BuiltInNetworkUnderNetworks_PointsToNetwork(string name)
    {
        Assert.Equal($"test.yaml:7:16: workloads[0].networks[0].name: '{name}' is one of the engine's built-in networks; use network: {name} instead, or name a network of your own",
            SingleError(Container($"    networks: [{name}]\n")));
    }

    [Fact]
    public void Validate_SameNetworkTwice_LocatedAtSecondWithFirstLine()
    {
        Assert.Equal("test.yaml:9:15: workloads[0].networks[1].name: duplicate network 'ns1-link'; first listed at workloads[0].networks[0] at line 8",
            SingleError(Container("    networks:\n      - name: ns1-link\n      - name: ns1-link\n        aliases: [a.ns1]\n")));
    }

    [Fact]
    public void Validate_NetworkAndNetworks_LocatedAtNetworksNamingNetworkLine()
    {
        Assert.Equal("test.yaml:8:15: workloads[0].networks: cannot be used together with network: 'ns0'; list every network under networks, or keep network alone at line 7",
            SingleError(Container("    network: ns0\n    networks: [ns1-link]\n")));
    }

    [Fact]
    public void Validate_HostNetworkWithNetworks_Refused()
    {
        Assert.Equal("test.yaml:8:15: workloads[0].networks: cannot be used with network: host: a container on the node's network stack joins no other network; remove one of the two at line 7",
            SingleError(Container("    network: host\n    networks: [ns1-link]\n")));
    }

    [Fact]
    public void Validate_ProcessWithNetworksAndHosts_BothRefused()
    {
        Assert.Equal([
            "test.yaml:7:15: workloads[0].networks: a process runs on the node's network and joins no networks; remove it, or use kind: container",
            "test.yaml:8:12: workloads[0].hosts: a process uses the node's /etc/hosts; remove it, or use kind: container",
        ], Yaml.YamlTestFiles.Errors(Process("    networks: [ns1-link]\n    hosts: {pnf: 10.0.0.1}\n")));
    }

    [Fact]
    public void Validate_NetworkNameMissing_OnlyTheReaderReportsIt()
    {
        Assert.Equal("test.yaml:8:9: workloads[0].networks[0].name: required field 'name' is missing",
            SingleError(Container("    networks:\n      - aliases: [a.ns1]\n")));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.256")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("pnf.example")]
    [InlineData("")]
    public void Validate_HostAddressNotAnIp_Located(string address)
    {
        Assert.Equal($"test.yaml:7:22: workloads[0].hosts.pnf.ns1: '{address}' is not an IPv4 or IPv6 address (the address of pnf.ns1 in /etc/hosts)",
            SingleError(Container($"    hosts: {{pnf.ns1: \"{address}\"}}\n")));
    }

    [Fact]
    public void Validate_HostNameNotDns_Located()
    {
        Assert.Equal("test.yaml:7:20: workloads[0].hosts.PNF_1: 'PNF_1' is not a host name: labels of lowercase letters, digits and '-' separated by dots, each at most 63 characters",
            SingleError(Container("    hosts: {PNF_1: 10.0.0.1}\n")));
    }

    [Fact]
    public void Validate_ModelFromTheWire_EmptyNetworkNameRefused()
    {
        var state = new DesiredState
        {
            NodeId = "n1",
            Revision = 1,
            Workloads = new([new WorkloadSpec
            {
                Name = "web", Kind = WorkloadKind.Container, Image = "local/busybox:1",
                Networks = new([new NetworkAttachment { Name = "" }]),
            }]),
        };

        Assert.Equal([new ValidationError("workloads[0].networks[0].name", "must not be empty")], DesiredStateValidator.Validate(state));
    }
}
