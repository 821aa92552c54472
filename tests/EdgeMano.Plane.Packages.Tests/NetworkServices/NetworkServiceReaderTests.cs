using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages.Tests.NetworkServices;

public sealed class NetworkServiceReaderTests
{
    internal const string Good = """
        apiVersion: edgemano/v1
        kind: NetworkService
        metadata:
          name: web-ns
          version: 1.0.0
          provider: EdgeMano
        cnfs:
          - name: server
            package: edge-web@1.2.0
          - name: client
            package: {name: probe, version: "2.0"}
          - name: outsider
            package: probe@2.0
        virtualLinks:
          - name: data
            members: [server, client, radio]
          - name: mgmt
            members: [outsider]
        pnfs:
          - name: radio
            address: 192.0.2.10
            ports: [9000/udp, 8080, {port: 53, protocol: udp, name: dns}]
        """;

    private static PackageReadResult Read(string yaml) => PackageReader.Read(PackageInput.FromFile("ns.yaml", Fixtures.Utf8(yaml)));

    [Fact]
    public void Read_GoodNsd_GivesCnfsLinksAndPnfsAndNoWorkloads()
    {
        var package = Fixtures.ReadOk(PackageInput.FromFile("ns.yaml", Fixtures.Utf8(Good)));

        Assert.True(package.IsNetworkService);
        Assert.Equal(("web-ns", "1.0.0", PackageFormat.EdgeMano), (package.Name, package.Version, package.Format));
        Assert.Empty(package.Vdus);
        var ns = package.NetworkService!;
        Assert.Equal(["server@edge-web@1.2.0", "client@probe@2.0", "outsider@probe@2.0"], ns.Cnfs.Select(c => $"{c.Name}@{c.Package}"));
        Assert.Equal(("ns.yaml", 9, "cnfs[0].package"), (ns.Cnfs[0].PackageAt.File, ns.Cnfs[0].PackageAt.Line, ns.Cnfs[0].PackageAt.Path));
        Assert.Equal(["server", "client", "radio"], ns.VirtualLinks[0].Members);
        Assert.Equal(["data"], ns.LinksOf("client").Select(l => l.Name));
        var radio = ns.Pnfs.Single();
        Assert.Equal("192.0.2.10", radio.Address);
        Assert.Equal([new ServicePort("", 9000, "udp"), new ServicePort("", 8080, "tcp"), new ServicePort("dns", 53, "udp")], radio.Ports);
    }

    [Fact]
    public void Read_NsdWithManyFaults_EveryErrorLocatedAtOnceAndNoPackage()
    {
        var result = Read("""
            apiVersion: edgemano/v1
            kind: NetworkService
            metadata: {name: Bad_NS, version: latest, provider: x}
            cnfs:
              - {name: server, package: edge-web}
              - {name: server, package: probe@2.0}
              - {name: client, package: probe@2.0}
            virtualLinks:
              - {name: data, members: [server, clinet]}
              - {name: data, members: [client, client]}
              - {name: empty, members: []}
            pnfs:
              - {name: radio, address: 10.0.0.300, ports: [9000/udp, 9000/udp, 70000]}
            """);

        Assert.Null(result.Package);
        var errors = result.Errors.Select(e => (e.Line, e.Path, e.Message)).ToList();
        string At(int line, string path) => Fixtures.Show(result.Errors.Where(e => e.Line == line && e.Path == path));
        Assert.All(result.Errors, e => Assert.Equal("ns.yaml", e.File));
        Assert.Contains("not a valid network service name", At(3, "metadata.name"));
        Assert.Contains("'latest' is not a version", At(3, "metadata.version"));
        Assert.Contains("'edge-web' is not a package reference: write NAME@VERSION", At(5, "cnfs[0].package"));
        Assert.Contains("duplicate name 'server'", At(6, "cnfs[1].name"));
        Assert.Contains("dangling member: no CNF or PNF is named 'clinet' (did you mean 'client'?)", At(9, "virtualLinks[0].members[1]"));
        Assert.Contains("duplicate virtual link 'data'", At(10, "virtualLinks[1].name"));
        Assert.Contains("'client' is listed twice on virtual link 'data'", At(10, "virtualLinks[1].members[1]"));
        Assert.Contains("virtual link 'empty' has no members", At(11, "virtualLinks[2].members"));
        Assert.Contains("'10.0.0.300' is not an IPv4 or IPv6 address", At(13, "pnfs[0].address"));
        Assert.Contains("port clash: 9000/udp is listed twice for PNF 'radio'", At(13, "pnfs[0].ports[1]"));
        Assert.Contains("'70000' is not a port", At(13, "pnfs[0].ports[2]"));
        Assert.Equal(11, errors.Count);
    }

    [Fact]
    public void Read_NsdWithoutCnfs_RefusedAtCnfs()
    {
        var missing = Read("apiVersion: edgemano/v1\nkind: NetworkService\nmetadata: {name: a, version: '1', provider: x}\n");
        var empty = Read("apiVersion: edgemano/v1\nkind: NetworkService\nmetadata: {name: a, version: '1', provider: x}\ncnfs: []\n");

        Assert.Contains("required field 'cnfs' is missing", Fixtures.Show(missing.Errors));
        Assert.Contains("cnfs: the network service has no CNFs", Fixtures.Show(empty.Errors));
    }

    [Fact]
    public void Read_UnknownKind_ErrorNamesBothKinds()
    {
        var result = Read("apiVersion: edgemano/v1\nkind: NetworkSvc\nmetadata: {name: a, version: '1', provider: x}\nworkloads: []\n");

        Assert.Null(result.Package);
        Assert.Contains("expected 'CnfPackage', got 'NetworkSvc'", Fixtures.Show(result.Errors));
    }
}
