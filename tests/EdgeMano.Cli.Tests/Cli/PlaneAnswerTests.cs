using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Cli;

/// <summary>How each kind of plane answer is worded and which exit code it gives (canned answers).</summary>
public sealed class PlaneAnswerTests
{
    private const string Problem = "application/problem+json";

    [Fact]
    public async Task NodesGet_404_SaysNodeNotFoundExitOne()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes/edge-9", 404, """{"type":"https://edgemano.dev/problems/not-found","title":"Not found","status":404}""", Problem);

        var result = await InProcessCli.RunAsync(["nodes", "get", "edge-9"], handler: stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("node 'edge-9' not found", result.StdErr.Trim());
    }

    [Theory]
    [InlineData("get")]
    [InlineData("delete")]
    public async Task Deployments_404_SaysDeploymentNotFoundExitOne(string verb)
    {
        var result = await InProcessCli.RunAsync(["deployments", verb, "nope"], handler: new StubPlane());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("deployment 'nope' not found", result.StdErr.Trim());
    }

    [Fact]
    public async Task DeploymentsDelete_404WithIgnoreNotFound_ExitsZero()
    {
        var result = await InProcessCli.RunAsync(["deployments", "delete", "nope", "--ignore-not-found"], handler: new StubPlane());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public async Task Status_500Problem_PrintsTitleAndDetailExitOne()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes/edge-1", 500, Fixture.Text("api/problem-500.json"), Problem);

        var result = await InProcessCli.RunAsync(["status", "edge-1"], handler: stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("the plane failed (500 Internal Server Error): The store is not available: LiteDB: the state file /var/lib/edgemano-plane/plane.db is locked", result.StdErr.Trim());
    }

    [Fact]
    public async Task NodesList_502NotJson_PrintsTheStartOfTheBodyExitOne()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 502, "<html><body>Bad Gateway from the proxy</body></html>", "text/html");

        var result = await InProcessCli.RunAsync(["nodes", "list"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("(502 Bad Gateway): <html><body>Bad Gateway from the proxy", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesList_400_IsRefusedInputExitTwo()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes?selector=site%3D%20a", 400,
            """{"title":"The selector is not valid","status":400,"errors":[{"path":"selector","line":0,"column":0,"message":"bad value"}]}""", Problem);

        var result = await InProcessCli.RunAsync(["nodes", "list", "-l", "site= a"], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the plane refused the request (400 Bad Request): The selector is not valid", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("  selector: bad value", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesList_AnswerNotJson_ExitOneWithoutStackTrace()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 200, "hello from some other web server", "text/plain");

        var result = await InProcessCli.RunAsync(["nodes", "list"], handler: stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("GET /api/v1/nodes is not the JSON this CLI expects", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesList_Empty_SaysSoOnStderrAndPrintsNothing()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 200, """{"items":[]}""");

        var result = await InProcessCli.RunAsync(["nodes", "list"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdOut);
        Assert.Equal("No nodes found.", result.StdErr.Trim());
    }

    [Fact]
    public async Task NodesList_Selector_IsSentAsQuery()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes?selector=site%3Dplant-a%2Ctier%3Dedge", 200, """{"items":[]}""");

        var result = await InProcessCli.RunAsync(["nodes", "list", "--selector", "site=plant-a,tier=edge"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("No nodes match the selector.", result.StdErr.Trim());
    }

    [Fact]
    public async Task NodesList_Json_IsThePlanesAnswerReindented()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes", 200, """{"items":[{"id":"edge-1","zz":1,"aa":"ü"}]}""");

        var result = await InProcessCli.RunAsync(["nodes", "list", "-o", "json"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("{\n  \"items\": [\n    {\n      \"id\": \"edge-1\",\n      \"zz\": 1,\n      \"aa\": \"ü\"\n    }\n  ]\n}\n", result.StdOut);
    }

    [Fact]
    public async Task Status_Yaml_HasNodeAndEvents()
    {
        var stub = new StubPlane()
            .OnGet("/api/v1/nodes/edge-1", 200, Fixture.Text("api/node-edge-1.json"))
            .OnGet("/api/v1/nodes/edge-1/events?limit=10", 200, Fixture.Text("api/events.json"));

        var result = await InProcessCli.RunAsync(["status", "edge-1", "-o", "yaml"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("node:\n  id: edge-1\n", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("\nevents:\n- sequence: 11\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Table_AsksForTheLastTenEvents()
    {
        var stub = new StubPlane()
            .OnGet("/api/v1/nodes/edge-1", 200, Fixture.Text("api/node-edge-1.json"))
            .OnGet("/api/v1/nodes/edge-1/events?limit=10", 200, Fixture.Text("api/events.json"));

        var result = await InProcessCli.RunAsync(["status", "edge-1"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Events (last 10):", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("BackOff", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EventsGone404_SaysNodeNotFound()
    {
        var stub = new StubPlane().OnGet("/api/v1/nodes/edge-1", 200, Fixture.Text("api/node-edge-1.json"));

        var result = await InProcessCli.RunAsync(["status", "edge-1"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("node 'edge-1' not found", result.StdErr.Trim());
    }
}
