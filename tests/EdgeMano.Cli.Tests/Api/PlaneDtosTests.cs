using System.Text.Json;
using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Tests.Api;

/// <summary>An answer with fewer fields (an older or newer plane) still reads, with harmless defaults.</summary>
public sealed class PlaneDtosTests
{
    [Fact]
    public void Deserialize_NodeWithoutLists_HasEmptyOnes()
    {
        var node = JsonSerializer.Deserialize("""{"id":"edge-1"}""", CliJsonContext.Default.NodeDto)!;

        Assert.Empty(node.Workloads);
    }

    [Fact]
    public void Deserialize_PackageWithOnlyAName_HasEmptyStringsAndLists()
    {
        var package = JsonSerializer.Deserialize("""{"name":"edge-web","usedBy":null}""", CliJsonContext.Default.PackageDto)!;

        Assert.Equal(("edge-web", ""), (package.Name, package.Version));
        Assert.Empty(package.UsedBy);
        Assert.Empty(package.Vdus);
        Assert.Empty(package.VirtualLinks);
        Assert.Empty(package.Notes);
    }

    [Fact]
    public void Deserialize_DeploymentOfAPackage_ReadsThePackage()
    {
        var deployment = JsonSerializer.Deserialize(
            """{"name":"web","package":{"name":"edge-web","version":"1.2.0","digest":"sha256:ab"},"workloads":[{"name":"web-web"}]}""",
            CliJsonContext.Default.DeploymentDto)!;

        Assert.Equal("edge-web", deployment.Package!.Name);
        Assert.Empty(deployment.Nodes);
        Assert.Empty(deployment.Unplaced);
    }
}
