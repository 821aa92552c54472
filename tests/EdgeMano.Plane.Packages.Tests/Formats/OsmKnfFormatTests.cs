using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Formats;

public sealed class OsmKnfFormatTests
{
    [Fact]
    public void Read_KnfWithLocalChart_RendersTheKdu()
    {
        var package = Fixtures.ReadOk(Fixtures.Directory("osm-knf"));

        Assert.Equal(PackageFormat.OsmKnf, package.Format);
        Assert.Equal(("edge-web-knf", "edge-web-knf", "1.0", "EdgeMano"), (package.DescriptorId, package.Name, package.Version, package.Provider));
        var kdu = package.Vdus.Single();
        Assert.Equal(("web", VduSource.HelmChart, "web"), (kdu.Name, kdu.Source, kdu.Chart));
        var workload = Assert.Single(kdu.Workloads);
        Assert.Equal("local/busybox:1", workload.Image);
        Assert.Equal(64L << 20, workload.Resources.MemoryBytes);
        Assert.Equal("helm-charts/web", package.Charts.Single().Source);
        Assert.Equal("mgmtnet", package.VirtualLinks.Single().Name);
        var point = package.ConnectionPoints.Single();
        Assert.Equal(("mgmt-ext", "mgmtnet", true), (point.Name, point.VirtualLink, point.External));
    }

    [Fact]
    public void Read_KnfAsTgzWithTopFolder_GivesTheSamePackageAsTheDirectory()
    {
        var files = Fixtures.Files("osm-knf");
        var fromTgz = Fixtures.ReadOk(PackageInput.FromFile("edge_web_knf.tar.gz", Fixtures.TgzOf(files, "edge_web_knf")));
        var fromDirectory = Fixtures.ReadOk(Fixtures.Directory("osm-knf"));

        Assert.Equal(PackageContainer.Csar, fromTgz.Container);
        Assert.Equal(fromDirectory with { Container = PackageContainer.Csar }, fromTgz);
    }

    [Fact]
    public void Read_LegacyCatalogWithRepositoryChart_KeepsTheChartAsAReference()
    {
        const string Descriptor = """
            vnfd-catalog:
              vnfd:
                - id: multikdu_knf
                  name: multikdu_knf
                  short-name: multikdu_knf
                  vendor: Telefonica
                  version: '1.0'
                  connection-point:
                    - name: mgmt
                  mgmt-interface:
                    cp: mgmt
                  k8s-cluster:
                    nets:
                      - id: mgmtnet
                        external-connection-point-ref: mgmt
                  kdu:
                    - name: ldap
                      helm-chart: stable/openldap:1.2.1
            """;
        var package = Fixtures.ReadOk(PackageInput.FromFile("multikdu_vnfd.yaml", Fixtures.Utf8(Descriptor)));

        Assert.Equal(("multikdu_knf", "Telefonica"), (package.Name, package.Provider));
        var chart = package.Charts.Single();
        Assert.Equal(("openldap", "1.2.1", "stable", "stable/openldap"), (chart.Name, chart.Version, chart.Repository, chart.Source));
        Assert.Empty(package.Vdus.Single().Workloads);
        Assert.Equal("mgmtnet", package.ConnectionPoints.Single().VirtualLink);
        Assert.Contains(package.Notes, n => n.Path == "vnfd-catalog.vnfd[0].kdu[0].helm-chart" && n.Message.Contains("repository 'stable'", StringComparison.Ordinal));
    }
}
