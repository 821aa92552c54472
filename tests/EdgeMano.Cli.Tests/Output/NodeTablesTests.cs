using System.Text.Json;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Output;

public sealed class NodeTablesTests
{
    [Fact]
    public void Nodes_Fixture_IsAnAlignedKubectlStyleTable()
    {
        var nodes = JsonSerializer.Deserialize(Fixture.Text("api/nodes.json"), CliJsonContext.Default.ItemListNodeDto)!.Items;

        var text = NodeTables.Nodes(nodes, InProcessCli.Now);

        Assert.Equal(
            "NAME               PRESENCE   IN-SYNC   REVISION   RUNNING   RUNTIME   ARCH     LAST-SEEN   VERSION   LABELS\n" +
            "edge-1             online     yes       4/4        1/2       docker    amd64    5s          0.1.0     site=plant-a,tier=edge\n" +
            "edge-long-name-2   offline    no        5/7        0/0       process   arm64    3d          0.1.0     <none>\n" +
            "edge-3             unknown    yes       0/0        0/0       <none>    <none>   <never>     <none>    <none>\n",
            text);
    }

    [Fact]
    public void Status_Fixture_ShowsPresenceRevisionsWorkloadsAndEvents()
    {
        var node = JsonSerializer.Deserialize(Fixture.Text("api/node-edge-1.json"), CliJsonContext.Default.NodeDto)!;
        var events = JsonSerializer.Deserialize(Fixture.Text("api/events.json"), CliJsonContext.Default.ItemListEventDto)!.Items;

        var text = NodeTables.Status(node, events, 10, InProcessCli.Now);

        Assert.Equal(
            "Node:       edge-1\n" +
            "Presence:   online (last seen 5s ago)\n" +
            "Labels:     site=plant-a,tier=edge\n" +
            "Platform:   docker on amd64, agent 0.1.0\n" +
            "Capacity:   cpu 2000m, memory 23.3Gi\n" +
            "Revision:   desired 4, observed 3 (not in sync)\n" +
            "\n" +
            "NAME                  PHASE     HEALTH      RESTARTS   AGE   LAST-ERROR\n" +
            "web                   Running   Healthy     0          3m\n" +
            "database-migrations   Failed    Unhealthy   12         4d    exited with code 1: connection refused to db:5432 retryin...\n" +
            "\n" +
            "Dropped:    2 events (the node's outbox was full while it was offline)\n" +
            "Events (last 10):\n" +
            "AGE   SEVERITY   WORKLOAD              REASON    MESSAGE\n" +
            "3m    info       web                   Started   container 3f2a started\n" +
            "10s   warning    database-migrations   BackOff   restarting in 300s (restart 12)\n",
            text);
    }

    [Fact]
    public void Status_NodeWithoutWorkloadsOrEvents_SaysSo()
    {
        var node = new NodeDto { Id = "edge-2", Presence = "offline" };

        var text = NodeTables.Status(node, [], 10, InProcessCli.Now);

        Assert.Contains("Presence:   offline (last seen never)\n", text, StringComparison.Ordinal);
        Assert.Contains("\nNo workloads.\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Events:     <none>\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 3, "exit code 3")]
    [InlineData("", 0, "")]
    [InlineData("", null, "")]
    [InlineData("oom", 137, "oom")]
    public void Status_LastErrorColumn_FallsBackToANonZeroExitCode(string lastError, int? exitCode, string expected)
    {
        var node = new NodeDto { Id = "n", Workloads = [new WorkloadStatusDto { Name = "w", Phase = "Exited", Health = "None", LastError = lastError, LastExitCode = exitCode }] };

        var text = NodeTables.Status(node, [], 10, InProcessCli.Now);

        Assert.Matches($@"(?m)^w\s+Exited\s+None\s+0\s+<unknown>{(expected.Length == 0 ? "" : @"\s+" + expected)}$", text);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1023, "1023")]
    [InlineData(1024, "1Ki")]
    [InlineData(67108864, "64Mi")]
    [InlineData(25000000000, "23.3Gi")]
    public void Bytes_BinaryUnits(long bytes, string expected)
    {
        Assert.Equal(expected, NodeTables.Bytes(bytes));
    }
}
