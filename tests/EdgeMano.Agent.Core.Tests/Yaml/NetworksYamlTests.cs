using EdgeMano.Agent.Core.Model;
using static EdgeMano.Agent.Core.Tests.Yaml.YamlTestFiles;

namespace EdgeMano.Agent.Core.Tests.Yaml;

/// <summary>The <c>networks</c> and <c>hosts</c> keys of a workload.</summary>
public sealed class NetworksYamlTests
{
    private const string Workloads = "apiVersion: edgemano/v1\nkind: DesiredState\nworkloads:\n  - name: upf\n    kind: container\n    image: local/busybox:1\n";

    [Fact]
    public void Parse_NetworksLongAndShortFormAndHosts_ReadIntoSpec()
    {
        var result = Parse(Workloads + """
                networks:
                  - name: ns1-n3
                    aliases: [upf.ns1, upf]
                  - ns1-n6
                hosts: {gnb.ns1: 10.20.0.5, dn.ns1: "fd00::6"}
            """.Replace("\r", ""));

        Assert.Empty(result.Errors);
        var upf = Assert.Single(result.State!.Workloads);
        Assert.Equal(new ValueList<NetworkAttachment>([
            new NetworkAttachment { Name = "ns1-n3", Aliases = new(["upf.ns1", "upf"]) },
            new NetworkAttachment { Name = "ns1-n6" },
        ]), upf.Networks);
        Assert.Equal(new ValueMap([new("gnb.ns1", "10.20.0.5"), new("dn.ns1", "fd00::6")]), upf.Hosts);
    }

    [Fact]
    public void Parse_NoNetworksNoHosts_EmptyDefaults()
    {
        var upf = Assert.Single(Parse(Workloads).State!.Workloads);

        Assert.Same(ValueList<NetworkAttachment>.Empty, upf.Networks);
        Assert.Same(ValueMap.Empty, upf.Hosts);
    }

    [Fact]
    public void Parse_NetworkEntryUnknownKey_SuggestsAliases()
    {
        Assert.Equal("test.yaml:9:9: workloads[0].networks[0].aliasses: unknown field 'aliasses' (did you mean 'aliases'?); allowed: name, aliases",
            SingleError(Workloads + "    networks:\n      - name: ns1-n3\n        aliasses: [upf.ns1]\n"));
    }

    [Fact]
    public void Parse_AliasesNotAList_Reported()
    {
        Assert.Equal("test.yaml:7:40: workloads[0].networks[0].aliases: expected a list, got 'upf.ns1'",
            SingleError(Workloads + "    networks: [{name: ns1-n3, aliases: upf.ns1}]\n"));
    }
}
