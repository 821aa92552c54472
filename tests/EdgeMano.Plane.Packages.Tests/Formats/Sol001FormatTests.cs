using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Formats;

public sealed class Sol001FormatTests
{
    [Fact]
    public void Read_VnfdCsarWithOsContainers_MapsVdusContainersAndPorts()
    {
        var package = Fixtures.ReadOk(Fixtures.Zip("sol001-vnfd"));

        Assert.Equal((PackageFormat.Sol001, PackageContainer.Csar), (package.Format, package.Container));
        Assert.Equal(("6f2c5d1e-0b7a-4c2e-9a51-3f1d2e4b7a10", "edge-web", "1.0.0", "EdgeMano"),
            (package.DescriptorId, package.Name, package.Version, package.Provider));
        Assert.Equal("Definitions/edge_web_vnfd.yaml", package.EntryDefinitions);
        Assert.Equal(["web", "worker"], package.Vdus.Select(v => v.Name));

        var web = package.Vdus[0];
        Assert.Equal((VduSource.OsContainers, 1, 3), (web.Source, web.MinInstances, web.MaxInstances));
        Assert.Equal(new WorkloadSpec
        {
            Name = "web",
            Kind = WorkloadKind.Container,
            Image = "local/busybox:1",
            Command = new(["httpd", "-f", "-p", "8080"]),
            Env = new([new("MODE", "edge")]),
            Ports = new([new PortMapping { ContainerPort = 8080 }]),
            Resources = new ResourceLimits { Cpus = 0.5, MemoryBytes = 64L << 20 },
        }, web.Workloads.Single());
        // Only a request given: it is the limit; 16777216 bytes written as a plain number.
        var worker = package.Vdus[1].Workloads.Single();
        Assert.Equal(["sleep", "3600"], worker.Command);
        Assert.Equal(new ResourceLimits { MemoryBytes = 16L << 20 }, worker.Resources);

        Assert.Equal("internal-net", package.VirtualLinks.Single().Name);
        Assert.Equal(["ipv4"], package.VirtualLinks.Single().Protocols);
        Assert.Equal(["web-http", "worker-cp"], package.ConnectionPoints.Select(c => c.Name));
        Assert.Equal(("web", "internal-net"), (package.ConnectionPoints[0].Vdu, package.ConnectionPoints[0].VirtualLink));
        Assert.Equal(new ServicePort("http", 8080, "tcp"), package.ConnectionPoints[0].Ports.Single());
        Assert.Equal(["web-http"], web.ConnectionPoints);
        Assert.Empty(package.Notes);
    }

    [Fact]
    public void Read_VnfdWithMciopAndNoMetaDirectory_RendersTheChartForItsVdu()
    {
        var package = Fixtures.ReadOk(Fixtures.Directory("sol001-mciop"));

        Assert.Equal(("edge-cache", "2.1.0", "edge_cache_vnfd.yaml"), (package.Name, package.Version, package.EntryDefinitions));
        var vdu = package.Vdus.Single();
        Assert.Equal((VduSource.HelmChart, "cache"), (vdu.Source, vdu.Chart));
        var workload = Assert.Single(vdu.Workloads);
        Assert.Equal("local/busybox:1", workload.Image);
        Assert.Contains("9090", workload.Command);
        var chart = package.Charts.Single();
        Assert.Equal(("cache", "0.1.0", "Files/charts/cache"), (chart.Name, chart.Version, chart.Source));
        Assert.Contains("port: 9090", chart.Values);
    }

    [Fact]
    public void Read_MciopWithPackedChart_RendersTheArchiveAndKeepsItRaw()
    {
        var files = Fixtures.Files("sol001-mciop");
        var chart = files.Where(f => f.Key.StartsWith("Files/charts/cache/", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["Files/charts/cache/".Length..], f => f.Value);
        foreach (var path in files.Keys.Where(k => k.StartsWith("Files/charts/cache/", StringComparison.Ordinal)).ToList()) files.Remove(path);
        files["Files/charts/cache-0.1.0.tgz"] = Fixtures.TgzOf(chart, "cache");
        files["edge_cache_vnfd.yaml"] = Fixtures.Utf8(System.Text.Encoding.UTF8.GetString(files["edge_cache_vnfd.yaml"])
            .Replace("file: Files/charts/cache", "file: Files/charts/cache-0.1.0.tgz", StringComparison.Ordinal));
        files.Remove("edge_cache_vnfd.mf");

        var package = Fixtures.ReadOk(PackageInput.FromDirectory("edge-cache", files));

        var packed = package.Charts.Single();
        Assert.Equal(("cache", "0.1.0", "Files/charts/cache-0.1.0.tgz"), (packed.Name, packed.Version, packed.Source));
        Assert.Equal(files["Files/charts/cache-0.1.0.tgz"], packed.Archive!.Content);
        Assert.Empty(packed.Files);
        Assert.Equal("local/busybox:1", Assert.Single(package.Vdus.Single().Workloads).Image);
    }

    [Fact]
    public void Read_TackerCsarWithKubernetesFiles_TranslatesTheMatchingDeployment()
    {
        var package = Fixtures.ReadOk(Fixtures.Zip("tacker-cnf"));

        Assert.Equal(("b1bb0ce7-ebca-4fa7-95ed-4840d7000003", "Sample CNF", "1.0", "Company"),
            (package.DescriptorId, package.Name, package.Version, package.Provider));
        var vdu = package.Vdus.Single();
        Assert.Equal(("curry-probe-test001", VduSource.KubernetesManifests, 1, 3), (vdu.Name, vdu.Source, vdu.MinInstances, vdu.MaxInstances));
        var workload = Assert.Single(vdu.Workloads);
        Assert.Equal("local/busybox:1", workload.Image);
        Assert.Equal("Files/kubernetes/deployment.yaml", package.Manifests.Single().Path);
        // Tacker lists its artifacts in TOSCA.meta and has no .mf: nothing is "unlisted".
        Assert.DoesNotContain(package.Notes, n => n.Message.Contains("not listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TackerObjectFileNoVduNames_IsNotedAsNotDeployed()
    {
        var files = Fixtures.Files("tacker-cnf");
        files["Files/kubernetes/extra.yaml"] = Fixtures.Utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: {a: b}\n");

        var package = Fixtures.ReadOk(PackageInput.FromFile("tacker.zip", Fixtures.ZipOf(files)));

        var note = Assert.Single(package.Notes, n => n.File == "Files/kubernetes/extra.yaml");
        Assert.Contains("it is not deployed", note.Message, StringComparison.Ordinal);
    }
}
