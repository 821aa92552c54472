using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Tests.Model;

/// <summary>
/// The hash labels every running workload: if it moved for an unchanged spec, an agent upgrade
/// would recreate every container. The literals were computed before networks and hosts existed.
/// </summary>
public sealed class SpecHashTests
{
    private static readonly WorkloadSpec Full = new()
    {
        Name = "web",
        Kind = WorkloadKind.Container,
        Image = "local/busybox:1",
        Command = new(["httpd"]),
        Args = new(["-f", "-p", "8080"]),
        Env = new([new("KEY", "value")]),
        Ports = new([new PortMapping { ContainerPort = 8080, HostPort = 18080, HostIp = "127.0.0.1" }]),
        Mounts = new([new MountSpec { Source = "/data", Target = "/srv", ReadOnly = true }]),
        Resources = new ResourceLimits { Cpus = 0.5, MemoryBytes = 64L << 20 },
        Labels = new([new("tier", "edge")]),
        WorkingDir = "/srv",
        Network = "bridge",
    };

    [Fact]
    public void Compute_SpecWithoutNetworksOrHosts_SameAsBeforeTheyExisted()
    {
        Assert.Equal("e3c6f424d032fcfc", SpecHash.Compute(Full));
        Assert.Equal("15d3632de6d4ebf6", SpecHash.Compute(new WorkloadSpec { Name = "job", Kind = WorkloadKind.Process, Command = new(["/bin/sleep"]) }));
    }

    [Fact]
    public void Compute_NetworksAliasesOrHostsChange_HashChanges()
    {
        var linked = Full with { Network = "", Networks = new([new NetworkAttachment { Name = "ns1-link", Aliases = new(["web.ns1"]) }]) };
        var variants = new[]
        {
            Full with { Network = "" },
            linked,
            linked with { Networks = new([new NetworkAttachment { Name = "ns1-link" }]) },
            linked with { Networks = new([new NetworkAttachment { Name = "ns1-link", Aliases = new(["web.ns2"]) }]) },
            // The alias moved to a second network: same strings, other meaning.
            linked with { Networks = new([new NetworkAttachment { Name = "ns1-link" }, new NetworkAttachment { Name = "web.ns1" }]) },
            linked with { Hosts = new([new("pnf.ns1", "10.0.0.7")]) },
            linked with { Hosts = new([new("pnf.ns1", "10.0.0.8")]) },
        };

        var hashes = variants.Select(SpecHash.Compute).ToList();

        Assert.Equal(hashes.Count, hashes.Distinct().Count());
        Assert.Equal(SpecHash.Compute(linked), SpecHash.Compute(linked with { Networks = new([new NetworkAttachment { Name = "ns1-link", Aliases = new(["web.ns1"]) }]) }));
    }
}
