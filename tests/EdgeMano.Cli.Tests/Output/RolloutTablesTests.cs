using System.Text.Json;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Output;

public sealed class RolloutTablesTests
{
    private static RolloutDto Rollout() => JsonSerializer.Deserialize(Fixture.Text("api/rollout-web.json"), CliJsonContext.Default.RolloutDto)!;

    [Fact]
    public void Status_Fixture_IsRowFieldsNodeTableAndHistory()
    {
        Assert.Equal(
            "DEPLOYMENT   ROLLOUT   STATE        GENERATION   WAVE   AGE\n" +
            "web          web-13    InProgress   12 -> 13     2/2    10m\n" +
            "Reason:     <none>\n" +
            "Strategy:   batchSize 1, soak 600s, failureThreshold 0.5\n" +
            "\n" +
            "WAVE   NODE     STATE     REVERT   AGE   REASON\n" +
            "1      edge-1   Passed    None     5m    healthy for 600s\n" +
            "2      edge-2   Soaking   None     30s   healthy since 2026-11-29T09:56:00Z, soaking\n" +
            "2      edge-3   Waiting   None     -\n" +
            "\n" +
            "History:\n" +
            "AGE   MESSAGE\n" +
            "10m   planned: generation 12 to 13 on 3 nodes in 2 waves of up to 1\n" +
            "10m   started\n" +
            "10m   wave 1 of 2 started: 1 node\n" +
            "5m    wave 1 of 2 passed\n" +
            "5m    wave 2 of 2 started: 2 nodes\n",
            RolloutTables.Status(Rollout(), InProcessCli.Now));
    }

    [Fact]
    public void Status_LongHistory_ShowsTheLastTenAndSaysSo()
    {
        var rollout = Rollout() with
        {
            History = Enumerable.Range(1, 25).Select(i => new RolloutEventDto { At = InProcessCli.Now, Message = $"event {i}" }).ToList(),
        };

        var text = RolloutTables.Status(rollout, InProcessCli.Now);

        Assert.Contains("History (last 10 of 25):\n", text, StringComparison.Ordinal);
        Assert.Contains("0s    event 16\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event 15\n", text, StringComparison.Ordinal);
        Assert.EndsWith("0s    event 25\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_NoNodes_SaysNoNodeRunsIt()
    {
        var text = RolloutTables.Status(Rollout() with { WaveDetails = [], History = [] }, InProcessCli.Now);

        Assert.EndsWith("\nNodes:      <none> (no node runs the deployment)\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("History", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Revisions_Fixture_IsAnAlignedTableOldestFirst()
    {
        var list = JsonSerializer.Deserialize(Fixture.Text("api/revisions-web.json"), CliJsonContext.Default.RevisionListDto)!;

        Assert.Equal(
            "GENERATION   FROM     RESULT       ROLLOUT   PACKAGE          AGE   DURATION    CAN-ROLL-BACK   REASON\n" +
            "1            <none>   Succeeded    <none>    <none>           3d    0s          yes             created\n" +
            "12           1        RolledBack   web-12    edge-web@1.2.0   60m   3m          no              wave 1: 1 of 1 node failed\n" +
            "13           12       InProgress   web-13    <none>           10m   <running>   yes\n",
            RolloutTables.Revisions(list.Items, InProcessCli.Now));
    }

    [Theory]
    [InlineData("""{}""", "defaults (one node per wave, soak 30s, any failure rolls back)")]
    [InlineData("""{"batchPercent":25.5,"maxUnavailable":2,"healthTimeout":"120s"}""", "batchPercent 25.5, maxUnavailable 2, healthTimeout 120s")]
    public void Strategy_Block_IsItsSetFieldsInWords(string json, string expected)
    {
        var spec = JsonSerializer.Deserialize(json, CliJsonContext.Default.RolloutSpecDto)!;

        Assert.Equal(expected, RolloutTables.Strategy(spec));
    }

    [Fact]
    public void NodeProgress_RollingBack_CountsStatesAndReverts()
    {
        var rollout = Rollout();
        var wave = rollout.WaveDetails[1];
        var reverting = rollout with
        {
            WaveDetails =
            [
                rollout.WaveDetails[0],
                wave with { Nodes = [wave.Nodes[0] with { State = "Failed", Revert = "Reverted" }, wave.Nodes[1] with { State = "Updating", Revert = "Reverting" }] },
            ],
        };

        Assert.Equal("1 of 3 nodes passed (1 soaking, 1 waiting)", RolloutTables.NodeProgress(rollout));
        Assert.Equal("1 of 3 nodes passed (1 failed, 1 updating), 1 of 2 reverted", RolloutTables.NodeProgress(reverting));
    }

    [Fact]
    public void DeploymentGet_WithRolloutBlockAndStatus_EndsWithStrategyAndRolloutLines()
    {
        var deployment = new DeploymentDto
        {
            Name = "web",
            Generation = 13,
            Rollout = new RolloutSpecDto { BatchSize = 1, Soak = "600s" },
            RolloutStatus = new RolloutSummaryDto { Id = "web-13", State = "Paused", FromGeneration = 12, ToGeneration = 13, Wave = 2, Waves = 2, Reason = "paused: latency alarm" },
        };

        var text = DeploymentTables.Get(deployment, InProcessCli.Now);

        Assert.EndsWith(
            "Strategy:   rolling: batchSize 1, soak 600s\n" +
            "Rollout:    web-13 Paused (generation 12 -> 13, wave 2/2): paused: latency alarm\n",
            text);
    }

    [Fact]
    public void DeploymentGet_WithoutRollout_HasNoRolloutLines()
    {
        var text = DeploymentTables.Get(new DeploymentDto { Name = "web", Generation = 1 }, InProcessCli.Now);

        Assert.DoesNotContain("Strategy:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rollout:", text, StringComparison.Ordinal);
    }
}
