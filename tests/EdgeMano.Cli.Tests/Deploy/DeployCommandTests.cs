using System.Text;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Deploy;

/// <summary>`deploy -f`: what is sent, and how outcomes and refusals are printed (canned answers).</summary>
public sealed class DeployCommandTests
{
    private const string Path = "/api/v1/deployments/web";

    private static string Answer(long generation, string nodes = "[]", string unplaced = "[]") =>
        $$"""{"name":"web","selector":{"site":"plant-a"},"workloads":[{"name":"web"}],"generation":{{generation}},"createdAt":"2026-11-29T09:00:00Z","updatedAt":"2026-11-29T09:00:00Z","nodes":{{nodes}},"unplaced":{{unplaced}}}""";

    [Fact]
    public async Task Deploy_File_PutsTheBytesAsIsAsYamlToItsName()
    {
        var stub = new StubPlane().On(HttpMethod.Put, Path, 201, Answer(1));

        var result = await InProcessCli.RunAsync(["deploy", "-f", Fixture.Path("web.yaml")], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        var put = Assert.Single(stub.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal("application/yaml", put.ContentType);
        Assert.Equal(File.ReadAllBytes(Fixture.Path("web.yaml")), put.Body);
        Assert.Equal("deployment/web created (generation 1, no node matches its selector yet)", result.StdOut.Trim());
    }

    [Fact]
    public async Task Deploy_FileNamingAPackage_IsSentAsIsAndShowsThePackage()
    {
        var answer = """{"name":"web","selector":{"site":"plant-a"},"package":{"name":"edge-web","version":"1.2.0","digest":"sha256:ab"},"workloads":[{"name":"web-web","labels":{"edgemano.package":"edge-web"}}],"generation":1,"nodes":["edge-1"],"unplaced":[]}""";
        var stub = new StubPlane().On(HttpMethod.Put, Path, 201, answer).OnGet(Path, 200, answer);

        var deployed = await InProcessCli.RunAsync(["deploy", "-f", Fixture.Path("package-deployment.yaml")], handler: stub);
        var shown = await InProcessCli.RunAsync(["deployments", "get", "web"], handler: stub);

        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        Assert.Equal(File.ReadAllBytes(Fixture.Path("package-deployment.yaml")), Assert.Single(stub.Requests, r => r.Method == HttpMethod.Put).Body);
        Assert.Equal("deployment/web created (generation 1, on 1 node)", deployed.StdOut.Trim());
        Assert.Contains("\nPackage:    edge-web 1.2.0 (sha256:ab)\nWorkloads:  web-web\n", shown.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ShortPackageForm_IsNotCheckedLocally()
    {
        var stub = new StubPlane().On(HttpMethod.Put, Path, 201, Answer(1));

        var result = await InProcessCli.RunAsync(["deploy", "-f", "-"], handler: stub, stdin: "name: web\npackage: edge-web@1.2.0\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("name: web\npackage: edge-web@1.2.0\n", Encoding.UTF8.GetString(Assert.Single(stub.Requests, r => r.Method == HttpMethod.Put).Body!));
    }

    [Fact]
    public async Task Deploy_Stdin_SendsWhatWasPiped()
    {
        var yaml = Fixture.Text("web.yaml");
        var stub = new StubPlane().On(HttpMethod.Put, Path, 201, Answer(1, """["edge-1","edge-2"]"""));

        var result = await InProcessCli.RunAsync(["deploy", "-f", "-"], handler: stub, stdin: yaml);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(yaml, Encoding.UTF8.GetString(Assert.Single(stub.Requests, r => r.Method == HttpMethod.Put).Body!));
        Assert.Equal("deployment/web created (generation 1, on 2 nodes)", result.StdOut.Trim());
    }

    [Fact]
    public async Task Deploy_SameGenerationAsBefore_SaysUnchanged()
    {
        var stub = new StubPlane().OnGet(Path, 200, Answer(3)).On(HttpMethod.Put, Path, 200, Answer(3, """["edge-1"]"""));

        var result = await InProcessCli.RunAsync(["deploy", "-f", Fixture.Path("web.yaml")], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment/web unchanged (generation 3, on 1 node)", result.StdOut.Trim());
    }

    [Fact]
    public async Task Deploy_NextGeneration_SaysConfiguredAndWarnsAboutUnplacedNodes()
    {
        var stub = new StubPlane().OnGet(Path, 200, Answer(3))
            .On(HttpMethod.Put, Path, 200, Answer(4, """["edge-1"]""", """[{"node":"edge-2","reason":"workload name 'web' is used there by deployment 'other'"}]"""));

        var result = await InProcessCli.RunAsync(["deploy", "-f", Fixture.Path("web.yaml")], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment/web configured (generation 4, on 1 node)", result.StdOut.Trim());
        Assert.Equal("warning: deployment/web is not placed on node edge-2: workload name 'web' is used there by deployment 'other'", result.StdErr.Trim());
    }

    [Fact]
    public async Task Deploy_400WithErrors_PrintsFileLineColumnPathMessageExitTwo()
    {
        var stub = new StubPlane().On(HttpMethod.Put, Path, 400, Fixture.Text("api/problem-validation.json"), "application/problem+json");

        var result = await InProcessCli.RunAsync(["deploy", "-f", "-"], handler: stub, stdin: Fixture.Text("web.yaml"));

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            "<stdin>:8:14: workloads[0].ports[0].hostPort: must be between 1 and 65535 (or 0 for the same as containerPort), got 70000\n" +
            "<stdin>:9:11: workloads[1].name: 'Bad_Name' is not a DNS label\n" +
            "<stdin>: selector.site: must not be empty\n" +
            "3 error(s) in <stdin>; nothing was deployed\n",
            result.StdErr.ReplaceLineEndings("\n"));
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Deploy_413_IsRefusedInputNamingTheFile()
    {
        var stub = new StubPlane().On(HttpMethod.Put, Path, 413, """{"title":"The body is over 1 MiB","status":413}""", "application/problem+json");

        var result = await InProcessCli.RunAsync(["deploy", "-f", "-"], handler: stub, stdin: Fixture.Text("web.yaml"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("<stdin>: the plane refused it (413 Request Entity Too Large): The body is over 1 MiB; nothing was deployed", result.StdErr.Trim());
    }

    [Fact]
    public async Task Deploy_500_IsAFailureExitOne()
    {
        var stub = new StubPlane().On(HttpMethod.Put, Path, 500, Fixture.Text("api/problem-500.json"), "application/problem+json");

        var result = await InProcessCli.RunAsync(["deploy", "-f", Fixture.Path("web.yaml")], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("the plane failed (500 Internal Server Error): The store is not available", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad/no-name.yaml", ":2:1: name: required")]
    [InlineData("bad/not-yaml.yaml", ":2:")]
    public async Task Deploy_FileTheCliCannotName_ExitsTwoLocatedWithoutARequest(string file, string expected)
    {
        var stub = new StubPlane();
        var result = await InProcessCli.RunAsync(["deploy", "-f", Fixture.Path(file)], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith(Fixture.Path(file) + expected, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Deploy_MissingFile_ExitsTwoNamingIt()
    {
        var result = await InProcessCli.RunAsync(["deploy", "-f", "/nonexistent/web.yaml"], handler: new StubPlane());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("/nonexistent/web.yaml: no such file", result.StdErr.Trim());
    }
}
