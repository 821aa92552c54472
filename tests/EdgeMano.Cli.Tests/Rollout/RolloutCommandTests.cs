using System.Text.Json;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Rollout;

/// <summary>`rollout pause|resume|undo|history|status` against canned answers: requests sent, lines printed, exit codes.</summary>
public sealed class RolloutCommandTests
{
    private const string Problem = "application/problem+json";

    [Fact]
    public async Task Pause_WithReason_PostsItEscapedAndPrintsTheRolloutLine()
    {
        var stub = new StubPlane().On(HttpMethod.Post, "/api/v1/deployments/web/rollout/pause?reason=latency%20alarm%20%26%20more", 200, RolloutJson.Web("Paused", "paused: latency alarm & more"));

        var result = await InProcessCli.RunAsync(["rollout", "pause", "web", "--reason", "latency alarm & more"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment/web rollout web-13 paused (generation 12 -> 13, wave 2/2)\n", result.StdOut);
        Assert.Equal(HttpMethod.Post, Assert.Single(stub.Requests).Method);
    }

    [Fact]
    public async Task Resume_Json_PrintsThePlanesAnswer()
    {
        var stub = new StubPlane().On(HttpMethod.Post, "/api/v1/deployments/web/rollout/resume", 200, RolloutJson.Web());

        var result = await InProcessCli.RunAsync(["rollout", "resume", "web", "-o", "json"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal("web-13", json.RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("pause", "rollout web-13 is Paused: only a pending or running rollout can be paused")]
    [InlineData("resume", "rollout web-13 is InProgress: only a paused rollout can be resumed")]
    public async Task PauseResume_409_SaysWhyTheRolloutCannotExitOne(string verb, string detail)
    {
        var stub = new StubPlane().On(HttpMethod.Post, $"/api/v1/deployments/web/rollout/{verb}", 409,
            $$"""{"type":"https://edgemano.dev/problems/conflict","title":"Conflict","status":409,"detail":"{{detail}}"}""", Problem);

        var result = await InProcessCli.RunAsync(["rollout", verb, "web"], handler: stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"cannot {verb} the rollout of deployment 'web': {detail}\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Status_404WithDetail_PrintsTheDetailExitOne()
    {
        const string detail = "deployment 'web' has no rollout: one starts when its workloads change and it has a rollout block";
        var stub = new StubPlane().OnGet("/api/v1/deployments/web/rollout", 404, $$"""{"title":"Not found","status":404,"detail":"{{detail}}"}""", Problem);

        var result = await InProcessCli.RunAsync(["rollout", "status", "web"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(detail + "\n", result.StdErr);
    }

    [Theory]
    [InlineData("status", "the rollout of deployment 'nope' not found")]
    [InlineData("history", "deployment 'nope' not found")]
    [InlineData("undo", "deployment 'nope' not found")]
    [InlineData("pause", "deployment 'nope' not found")]
    public async Task Verb_404WithoutDetail_SaysWhatWasNotFoundExitOne(string verb, string expected)
    {
        var result = await InProcessCli.RunAsync(["rollout", verb, "nope"], handler: new StubPlane());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(expected + "\n", result.StdErr);
    }

    [Fact]
    public async Task Status_Table_IsTheRolloutView()
    {
        var stub = new StubPlane().OnGet("/api/v1/deployments/web/rollout", 200, RolloutJson.Web());

        var result = await InProcessCli.RunAsync(["rollout", "status", "web"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("DEPLOYMENT   ROLLOUT   STATE        GENERATION   WAVE   AGE\nweb          web-13    InProgress   12 -> 13     2/2    10m\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_RunningRollout_SaysItIsRollingBackAndHowToFollow()
    {
        var stub = new StubPlane()
            .OnGet("/api/v1/deployments/web", 200, RolloutJson.Deployment(13, "web-13", "InProgress", 12, 13))
            .On(HttpMethod.Post, "/api/v1/deployments/web/rollback?reason=crash%20loop", 200, RolloutJson.Deployment(13, "web-13", "RollingBack", 12, 13));

        var result = await InProcessCli.RunAsync(["rollout", "undo", "web", "--reason", "crash loop"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment/web rolling back rollout web-13 to generation 12 (follow it: edgemano rollout status web --watch)\n", result.StdOut);
    }

    [Fact]
    public async Task Undo_ToGeneration_SaysWhichSpecAndTheRolloutItStarted()
    {
        var stub = new StubPlane()
            .OnGet("/api/v1/deployments/web", 200, RolloutJson.Deployment(13, "web-13", "Succeeded", 12, 13))
            .On(HttpMethod.Post, "/api/v1/deployments/web/rollback?generation=1", 200, RolloutJson.Deployment(14, "web-14", "Pending", 13, 14));

        var result = await InProcessCli.RunAsync(["rollout", "undo", "web", "--to-generation", "1"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "deployment/web rolled back to the spec of generation 1 (now generation 14); rollout web-14 is Pending (follow it: edgemano rollout status web --watch)\n",
            result.StdOut);
    }

    [Fact]
    public async Task Undo_NothingToGoBackTo_409DetailExitOne()
    {
        const string detail = "deployment 'web' has no earlier revision with other workloads that reached every node";
        var stub = new StubPlane()
            .OnGet("/api/v1/deployments/web", 200, RolloutJson.Deployment(13, "web-13", "Succeeded", 12, 13))
            .On(HttpMethod.Post, "/api/v1/deployments/web/rollback", 409, $$"""{"title":"Conflict","status":409,"detail":"{{detail}}"}""", Problem);

        var result = await InProcessCli.RunAsync(["rollout", "undo", "web"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"cannot roll back deployment 'web': {detail}\n", result.StdErr);
    }

    [Fact]
    public async Task History_Table_ListsRevisions()
    {
        var stub = new StubPlane().OnGet("/api/v1/deployments/web/revisions", 200, Fixture.Text("api/revisions-web.json"));

        var result = await InProcessCli.RunAsync(["rollout", "history", "web"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("GENERATION   FROM     RESULT       ROLLOUT   PACKAGE          AGE   DURATION    CAN-ROLL-BACK   REASON\n", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(4, result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task History_Yaml_IsThePlanesAnswerAsYaml()
    {
        var json = Fixture.Text("api/revisions-web.json");
        var stub = new StubPlane().OnGet("/api/v1/deployments/web/revisions", 200, json);

        var result = await InProcessCli.RunAsync(["rollout", "history", "web", "-o", "yaml"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        YamlMatchesJson.Assert(result.StdOut, json);
    }

    [Fact]
    public async Task Pause_ReasonLongerThanThePlaneTakes_ExitsTwoAndSendsNothing()
    {
        var stub = new StubPlane();

        var result = await InProcessCli.RunAsync(["rollout", "pause", "web", "--reason", new string('x', 501)], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--reason: at most 500 characters, got 501", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("status", "--watch")]
    [InlineData("pause", "--reason <TEXT>")]
    [InlineData("resume", "<NAME>")]
    [InlineData("undo", "--to-generation <N>")]
    [InlineData("history", "<NAME>")]
    public async Task Help_OnEveryRolloutVerb_ListsItsOptionsAndEndsWithAnExample(string verb, string own)
    {
        var stub = new StubPlane();

        var result = await InProcessCli.RunAsync(["rollout", verb, "--help"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(own, result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--server", result.StdOut, StringComparison.Ordinal);
        var examples = result.StdOut.IndexOf("\nExamples:\n", StringComparison.Ordinal);
        Assert.True(examples > 0, result.StdOut);
        Assert.Contains($"  edgemano rollout {verb} ", result.StdOut[examples..], StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Rollout_WithoutVerb_ExitsTwoListingTheVerbs()
    {
        var result = await InProcessCli.RunAsync(["rollout"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var verb in new[] { "status", "pause", "resume", "undo", "history" })
            Assert.Matches($@"(?m)^\s+{verb} <NAME>", result.StdOut);
    }
}
