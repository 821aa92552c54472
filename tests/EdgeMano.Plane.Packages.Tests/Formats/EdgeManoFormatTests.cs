using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Formats;

public sealed class EdgeManoFormatTests
{
    [Fact]
    public void Read_OwnDescriptorAsOneFile_GivesWorkloadsLinksAndPoints()
    {
        var package = Fixtures.ReadOk(PackageInput.FromFile("cnf.yaml", Fixtures.Bytes("own/cnf.yaml")));

        Assert.Equal(PackageFormat.EdgeMano, package.Format);
        Assert.Equal(PackageContainer.SingleFile, package.Container);
        Assert.Equal(("edge-web", "edge-web", "1.2.0", "EdgeMano"), (package.DescriptorId, package.Name, package.Version, package.Provider));
        Assert.Equal("cnf.yaml", package.EntryDefinitions);
        Assert.Equal(["web", "worker"], package.Vdus.Select(v => v.Name));
        Assert.All(package.Vdus, v => Assert.Equal((VduSource.Workload, 1, 1), (v.Source, v.MinInstances, v.MaxInstances)));
        var web = package.Vdus[0].Workloads.Single();
        Assert.Equal("local/busybox:1", web.Image);
        Assert.Equal(["httpd", "-f", "-p", "8080"], web.Command);
        Assert.Equal(new PortMapping { ContainerPort = 8080, HostPort = 18080 }, web.Ports.Single());
        Assert.Equal(new ResourceLimits { Cpus = 0.5, MemoryBytes = 64L << 20 }, web.Resources);
        Assert.Equal(WorkloadKind.Process, package.Vdus[1].Workloads.Single().Kind);
        Assert.Equal("mgmt", package.VirtualLinks.Single().Name);
        var point = package.ConnectionPoints.Single();
        Assert.Equal(("web-http", "web", "mgmt", true), (point.Name, point.Vdu, point.VirtualLink, point.External));
        Assert.Equal(new ServicePort("web-http", 8080, "tcp"), point.Ports.Single());
        Assert.Equal(["web-http"], package.Vdus[0].ConnectionPoints);
        Assert.Equal("cnf.yaml", package.Files.Single().Path);
        Assert.Empty(package.Notes);
    }

    [Fact]
    public void Read_OwnDescriptorWithChartAndManifests_RendersBothIntoVdus()
    {
        var package = Fixtures.ReadOk(Fixtures.Directory("own-chart"));

        Assert.Equal(PackageContainer.Directory, package.Container);
        Assert.Equal(["web", "cache", "probe"], package.Vdus.Select(v => v.Name));
        var cache = package.Vdus[1];
        Assert.Equal((VduSource.HelmChart, "cache"), (cache.Source, cache.Chart));
        var chart = package.Charts.Single();
        Assert.Equal(("cache", "0.1.0", "charts/cache", "cache"), (chart.Name, chart.Version, chart.Source, chart.Vdu));
        Assert.Contains(chart.Files, f => f.Path == "templates/deployment.yaml");
        Assert.Null(chart.Archive);
        Assert.Contains("port: 9191", chart.Values);
        // The values file overrides the chart's defaults: port 9191, 32Mi.
        var rendered = Assert.Single(cache.Workloads);
        Assert.Equal("local/busybox:1", rendered.Image);
        Assert.Contains("9191", rendered.Command);
        Assert.Equal(32L << 20, rendered.Resources.MemoryBytes);
        var probe = package.Vdus[2];
        Assert.Equal(VduSource.KubernetesManifests, probe.Source);
        Assert.Equal(["sleep", "3600"], Assert.Single(probe.Workloads).Command);
        Assert.Equal("k8s/probe.yaml", package.Manifests.Single().Path);
    }
}
