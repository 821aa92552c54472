using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Packages.NetworkServices;

namespace EdgeMano.Plane.Packages.Tests.NetworkServices;

public sealed class NetworkServiceCatalogCheckTests
{
    private static CnfPackage Cnf(string name, string version, params WorkloadSpec[] workloads) => new()
    {
        DescriptorId = name, Name = name, Version = version, Provider = "test", Format = PackageFormat.EdgeMano,
        Container = PackageContainer.SingleFile, Digest = "sha256:" + name, EntryDefinitions = "cnf.yaml",
        Vdus = new(workloads.Select(w => new PackageVdu { Name = w.Name, Source = VduSource.Workload, Workloads = new([w]) })),
    };

    private static WorkloadSpec Container(string name, int hostPort = 0, string network = "") => new()
    {
        Name = name, Kind = WorkloadKind.Container, Image = "local/busybox:1", Network = network,
        Ports = hostPort == 0 ? ValueList<PortMapping>.Empty : new([new PortMapping { ContainerPort = 80, HostPort = hostPort }]),
    };

    private static NetworkServiceDescriptor Nsd(string yaml) =>
        Fixtures.ReadOk(PackageInput.FromFile("ns.yaml", Fixtures.Utf8(yaml))).NetworkService!;

    private static IReadOnlyList<Agent.Core.Yaml.LocatedError> Check(NetworkServiceDescriptor nsd, params CnfPackage[] catalog) =>
        NetworkServiceCatalogCheck.Check(nsd, (n, v) => catalog.FirstOrDefault(p => p.Name == n && p.Version == v),
            n => catalog.Where(p => p.Name == n).Select(p => p.Version).ToList());

    [Fact]
    public void Check_AllPackagesOnboarded_NoError()
    {
        var nsd = Nsd(NetworkServiceReaderTests.Good);

        Assert.Empty(Check(nsd, Cnf("edge-web", "1.2.0", Container("web", 18080)), Cnf("probe", "2.0", Container("probe"))));
    }

    [Fact]
    public void Check_UnknownPackage_LocatedAtItsReferenceWithVersionsOnboarded()
    {
        var nsd = Nsd(NetworkServiceReaderTests.Good);

        var errors = Check(nsd, Cnf("edge-web", "1.2.0"), Cnf("probe", "1.0"), Cnf("probe", "1.1"));

        Assert.Equal([11, 13], errors.Select(e => e.Line));
        var error = errors[0];
        Assert.Equal(("ns.yaml", 11, "cnfs[1].package"), (error.File, error.Line, error.Path));
        Assert.Equal("unknown package: CNF 'client' names package probe 2.0, which is not onboarded: onboarded versions: 1.0, 1.1", error.Message);
    }

    [Fact]
    public void Check_TwoCnfsOnOneLinkPublishTheSamePort_PortClashNamingBoth()
    {
        var nsd = Nsd(NetworkServiceReaderTests.Good.Replace("package: probe@2.0", "package: edge-web@1.2.0", StringComparison.Ordinal)
            .Replace("package: {name: probe, version: \"2.0\"}", "package: other@1.0", StringComparison.Ordinal));

        var errors = Check(nsd, Cnf("edge-web", "1.2.0", Container("web", 18080)), Cnf("other", "1.0", Container("api", 18080)));

        Assert.Equal(2, errors.Count);
        Assert.Equal("cnfs[1].package", errors[0].Path);
        Assert.Contains("port clash: CNF 'client' (other@1.0, workload 'api') publishes host port 18080/tcp, as does CNF 'server' (edge-web@1.2.0, workload 'web', line 9); both are on virtual link 'data'", errors[0].Message);
        Assert.Contains("CNF 'outsider'", errors[1].Message);
        Assert.Contains("every CNF of a service runs on the same node", errors[1].Message);
    }

    [Fact]
    public void Check_CnfOnLinkWithHostNetwork_AndNestedService_Refused()
    {
        var nsd = Nsd(NetworkServiceReaderTests.Good);
        var nested = Cnf("probe", "2.0") with { NetworkService = new NetworkServiceDescriptor() };

        var errors = Check(nsd, Cnf("edge-web", "1.2.0", Container("web", network: "host")), nested);

        Assert.Contains(errors, e => e.Path == "cnfs[0].package" && e.Message.Contains("sets network: host, so it cannot join virtual link(s) data", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "cnfs[1].package" && e.Message.Contains("which is a network service", StringComparison.Ordinal));
    }
}
