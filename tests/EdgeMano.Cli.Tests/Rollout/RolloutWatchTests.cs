using System.Text.Json;
using EdgeMano.Cli.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMano.Cli.Tests.Rollout;

/// <summary>`rollout status --watch` against a plane whose answers move on, on a fake clock the test advances.</summary>
public sealed class RolloutWatchTests
{
    private const string Path = "/api/v1/deployments/web/rollout";

    private const string FirstLine =
        "Waiting for rollout web-13 of deployment/web: InProgress, generation 12 -> 13, wave 2/2, 1 of 3 nodes passed (1 soaking, 1 waiting)\n";

    [Fact]
    public async Task Watch_UntilSucceeded_PrintsALinePerChangeNewHistoryAndExitsZero()
    {
        var stub = new StubPlane().OnGetSequence(Path,
            RolloutJson.Web(),
            RolloutJson.Web(),
            RolloutJson.Web(edge2: "Passed"),
            RolloutJson.Web("Succeeded", "generation 13 runs on every node", moreHistory: ["wave 2 of 2 passed", "generation 13 runs on every node"], edge2: "Passed"));

        var result = await WatchAsync(["rollout", "status", "web", "--watch", "--timeout", "0"], stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            FirstLine +
            "Waiting for rollout web-13 of deployment/web: InProgress, generation 12 -> 13, wave 2/2, 2 of 3 nodes passed (1 waiting)\n" +
            "  wave 2 of 2 passed\n" +
            "rollout web-13 of deployment/web succeeded: generation 13 runs on every node\n",
            result.StdOut);
        Assert.Equal("", result.StdErr);
        Assert.Equal(4, stub.Requests.Count);
    }

    [Theory]
    [InlineData("RolledBack", "rolled back: every node told generation 13 reports generation 12 again (rolled back by operator)")]
    [InlineData("Failed", "rollback not confirmed within 300s by 1 node")]
    public async Task Watch_EndsWithoutSuccess_ExitsThreeWithTheReason(string state, string reason)
    {
        var stub = new StubPlane().OnGetSequence(Path,
            RolloutJson.Web(),
            RolloutJson.Web("RollingBack", "rolled back by operator", moreHistory: ["rolled back by operator"]),
            RolloutJson.Web(state, reason, moreHistory: ["rolled back by operator", reason]));

        var result = await WatchAsync(["rollout", "status", "web", "-w"], stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith(FirstLine + "  rolled back by operator\nWaiting for rollout web-13 of deployment/web: RollingBack,", result.StdOut, StringComparison.Ordinal);
        Assert.Equal($"rollout web-13 of deployment/web ended {state}: {reason}\n", result.StdErr);
    }

    [Fact]
    public async Task Watch_TimeoutPasses_ExitsThreeSayingWhereTheRolloutIs()
    {
        var stub = new StubPlane().OnGetSequence(Path, RolloutJson.Web());

        var result = await WatchAsync(["rollout", "status", "web", "--watch", "--timeout", "3s"], stub);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal(FirstLine, result.StdOut);
        Assert.Equal(
            "timed out after 3s waiting for rollout web-13 of deployment/web to end: it is InProgress, generation 12 -> 13, wave 2/2, 1 of 3 nodes passed (1 soaking, 1 waiting)\n",
            result.StdErr);
        Assert.InRange(stub.Requests.Count, 2, 4);
    }

    [Fact]
    public async Task Watch_NewerRolloutReplacesTheWatchedOne_FollowsIt()
    {
        var stub = new StubPlane().OnGetSequence(Path,
            RolloutJson.Web(),
            RolloutJson.Web(id: "web-14"),
            RolloutJson.Web("Succeeded", "generation 14 runs on every node", id: "web-14"));

        var result = await WatchAsync(["rollout", "status", "web", "--watch"], stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Waiting for rollout web-14 of deployment/web: InProgress,", result.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("rollout web-14 of deployment/web succeeded: generation 14 runs on every node\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Json_ProgressOnStandardErrorAndTheFinalAnswerOnStandardOutput()
    {
        var stub = new StubPlane().OnGetSequence(Path, RolloutJson.Web(), RolloutJson.Web("Succeeded", "generation 13 runs on every node"));

        var result = await WatchAsync(["rollout", "status", "web", "--watch", "-o", "json"], stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        using (var json = JsonDocument.Parse(result.StdOut))
            Assert.Equal("Succeeded", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(FirstLine + "rollout web-13 of deployment/web succeeded: generation 13 runs on every node\n", result.StdErr);
    }

    [Fact]
    public async Task Watch_AlreadyFinished_EndsAtOnce()
    {
        var stub = new StubPlane().OnGetSequence(Path, RolloutJson.Web("Succeeded", "generation 13 runs on every node"));

        var result = await WatchAsync(["rollout", "status", "web", "--watch"], stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("rollout web-13 of deployment/web succeeded: generation 13 runs on every node\n", result.StdOut);
        Assert.Single(stub.Requests);
    }

    /// <summary>Runs the CLI in-process and moves its fake clock on by a second at a time until it exits.</summary>
    private static async Task<CliResult> WatchAsync(string[] args, StubPlane stub)
    {
        var time = new FakeTimeProvider(InProcessCli.Now);
        var run = InProcessCli.RunAsync(args, handler: stub, time: time);
        for (var step = 0; step < 2000 && !run.IsCompleted; step++)
        {
            await Task.Delay(5);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.True(run.IsCompleted, "the watch did not end within 2000 fake seconds");
        return await run;
    }
}
