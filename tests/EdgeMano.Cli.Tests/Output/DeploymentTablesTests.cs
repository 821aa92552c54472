using System.Text.Json;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Output;

public sealed class DeploymentTablesTests
{
    private static IReadOnlyList<DeploymentDto> Fixtures() =>
        JsonSerializer.Deserialize(Fixture.Text("api/deployments.json"), CliJsonContext.Default.ItemListDeploymentDto)!.Items;

    [Fact]
    public void List_Fixture_IsAnAlignedTable()
    {
        Assert.Equal(
            "NAME       GENERATION   SELECTOR       WORKLOADS   NODES   UNPLACED   AGE\n" +
            "sleepers   1            <all>          1           0       0          60m\n" +
            "web        12           site=plant-a   2           2       1          3d\n",
            DeploymentTables.List(Fixtures(), InProcessCli.Now));
    }

    [Fact]
    public void Get_Fixture_AddsWorkloadsNodesAndUnplacedReasons()
    {
        var text = DeploymentTables.Get(Fixtures()[1], InProcessCli.Now);

        Assert.EndsWith(
            "\n" +
            "Workloads:  web (container local/busybox:1), side (container local/busybox:1)\n" +
            "Nodes:      edge-1, edge-2\n" +
            "Unplaced:\n" +
            "  edge-3: workload name 'web' is used there by deployment 'other'\n",
            text);
    }

    [Fact]
    public void Get_PackageDeployment_NamesItsWorkloads()
    {
        var dto = JsonSerializer.Deserialize("""
            {"name": "cam", "generation": 1, "package": {"name": "edge-web", "version": "1.2.0", "digest": "sha256:ab"},
             "workloadNames": ["web", "worker"], "nodes": ["edge-1"], "unplaced": []}
            """, CliJsonContext.Default.DeploymentDto)!;

        var text = DeploymentTables.Get(dto, InProcessCli.Now);

        Assert.Contains("Workloads:  web, worker\n", text);
        Assert.Matches(@"cam\s+1\s+<all>\s+2\s+1", text);
    }

    [Fact]
    public void Get_NoNodes_SaysNoneMatchesYet()
    {
        var text = DeploymentTables.Get(Fixtures()[0], InProcessCli.Now);

        Assert.Contains("Workloads:  sleeper-a (process /bin/sleep)\n", text, StringComparison.Ordinal);
        Assert.Contains("Nodes:      <none> (no node matches the selector yet)\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unplaced", text, StringComparison.Ordinal);
    }
}
