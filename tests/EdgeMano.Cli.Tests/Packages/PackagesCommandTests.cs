using System.Text;
using EdgeMano.Cli.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Packages;

/// <summary>`packages list|get|export|delete` against canned answers shaped as docs/api.md says.</summary>
public sealed class PackagesCommandTests
{
    private const string Problem = "application/problem+json";
    private const string Version = "/api/v1/packages/edge-web/1.2.0";

    [Fact]
    public async Task List_Fixture_PrintsTheTable()
    {
        var stub = new StubPlane().OnGet("/api/v1/packages", 200, Fixture.Text("api/packages.json"));

        var result = await InProcessCli.RunAsync(["packages", "list"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "NAME         VERSION      FORMAT   PROVIDER   VDUS   USED-BY     AGE\n" +
            "edge-web     1.2.0        sol001   Acme       2      web,web-b   5m\n" +
            "sensor-knf   0.3.1-rc.1   osmKnf   <none>     1      <none>      3d\n",
            result.StdOut);
    }

    [Fact]
    public async Task List_Empty_SaysSoOnStderr()
    {
        var stub = new StubPlane().OnGet("/api/v1/packages", 200, """{"items":[]}""");

        var result = await InProcessCli.RunAsync(["pkg", "ls"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdOut);
        Assert.Equal("No packages found.", result.StdErr.Trim());
    }

    [Fact]
    public async Task List_Json_IsThePlanesAnswer()
    {
        var stub = new StubPlane().OnGet("/api/v1/packages", 200, """{"items":[{"name":"edge-web"}]}""");

        var result = await InProcessCli.RunAsync(["packages", "list", "-o", "json"], handler: stub);

        Assert.Equal("{\n  \"items\": [\n    {\n      \"name\": \"edge-web\"\n    }\n  ]\n}\n", result.StdOut);
    }

    [Fact]
    public async Task Get_Version_ShowsIdentityUsersVdusLinksAndNotes()
    {
        var stub = new StubPlane().OnGet(Version, 200, Fixture.Text("api/package-edge-web.json"));

        var result = await InProcessCli.RunAsync(["packages", "get", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "Name:          edge-web\n" +
            "Version:       1.2.0\n" +
            "Provider:      Acme\n" +
            "Format:        sol001 (csar)\n" +
            "Descriptor:    b1bb0ce7-ebca-4fa7-95ed-4840d70a1177\n" +
            "Digest:        sha256:4f2c9a7e1b3d5f6a8c0e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d\n" +
            "Size:          12.1KiB\n" +
            "Onboarded:     2026-11-29 09:55:00Z (4m ago)\n" +
            "Used by:       deployment/web, deployment/web-b\n" +
            "\n" +
            "VDU     SOURCE         WORKLOADS          CONNECTION-POINTS\n" +
            "web     osContainers   web-web,web-side   web-cp\n" +
            "cache   helmChart      cache-redis        <none>\n" +
            "\n" +
            "Virtual links: mgmt,data\n" +
            "Notes:\n" +
            "  Definitions/extra.yaml: not listed in the manifest; onboarded anyway\n",
            result.StdOut);
    }

    [Fact]
    public async Task Get_NameOnly_ShowsEveryVersion()
    {
        var stub = new StubPlane().OnGet("/api/v1/packages/edge-web", 200, $$"""{"items":[{{Fixture.Text("api/package-edge-web.json")}},{"name":"edge-web","version":"1.3.0"}]}""");

        var result = await InProcessCli.RunAsync(["packages", "get", "edge-web"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Version:       1.2.0\n", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("\n\nName:          edge-web\nVersion:       1.3.0\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_VdusSentAsObjects_StillPrintTheirNames()
    {
        var stub = new StubPlane().OnGet(Version, 200,
            """{"name":"edge-web","version":"1.2.0","vdus":[{"name":"web","workloads":[{"name":"web-web","kind":"container"}],"connectionPoints":[{"name":"cp"}]}],"virtualLinks":["mgmt"]}""");

        var result = await InProcessCli.RunAsync(["packages", "get", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("web   <none>   web-web     cp\n", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Virtual links: mgmt\n", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "get", "nope", "1.0" }, "package 'nope' version '1.0' not found")]
    [InlineData(new[] { "get", "nope" }, "package 'nope' not found")]
    [InlineData(new[] { "delete", "nope", "1.0" }, "package 'nope' version '1.0' not found")]
    [InlineData(new[] { "export", "nope", "1.0", "-o", "/tmp/edgemano-never-written.csar" }, "package 'nope' version '1.0' not found")]
    public async Task Verbs_404_SayWhichPackageExitOne(string[] args, string expected)
    {
        var result = await InProcessCli.RunAsync(["packages", .. args], handler: new StubPlane());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(expected, result.StdErr.Trim());
        Assert.False(File.Exists("/tmp/edgemano-never-written.csar"));
    }

    [Fact]
    public async Task Get_NameWithSpace_IsEscapedAsOnePathSegment()
    {
        var stub = new StubPlane().OnGet("/api/v1/packages/Edge%20Web/1.0%2Bb7", 200, """{"name":"Edge Web","version":"1.0+b7"}""");

        var result = await InProcessCli.RunAsync(["packages", "get", "Edge Web", "1.0+b7"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Name:          Edge Web\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesTheBytesAsOnboarded()
    {
        using var dir = new TempDir("edgemano-cli-export-");
        var target = dir.Combine("edge-web.csar");
        byte[] content = [0x50, 0x4B, 0x03, 0x04, 0, 1, 2, 0xFF, 0xFE];
        var stub = new StubPlane().On(HttpMethod.Get, Version + "/content", 200, content, "application/octet-stream");

        var result = await InProcessCli.RunAsync(["packages", "export", "edge-web", "1.2.0", "-o", target], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(content, File.ReadAllBytes(target));
        Assert.Equal($"package edge-web 1.2.0 exported to {target} (9 bytes)\n", result.StdOut);
        Assert.DoesNotContain("application/json", Assert.Single(stub.Requests).Accept);
        Assert.Equal([target], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Export_ExistingFile_IsKeptAndNothingIsFetched()
    {
        using var dir = new TempDir("edgemano-cli-export-");
        var target = dir.Combine("edge-web.csar");
        File.WriteAllText(target, "mine");
        var stub = new StubPlane().On(HttpMethod.Get, Version + "/content", 200, [1, 2, 3], "application/octet-stream");

        var result = await InProcessCli.RunAsync(["packages", "export", "edge-web", "1.2.0", "-o", target], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"{target}: the file exists; nothing was written (use --force to overwrite it)", result.StdErr.Trim());
        Assert.Equal("mine", File.ReadAllText(target));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Export_ExistingFileWithForce_IsOverwritten()
    {
        using var dir = new TempDir("edgemano-cli-export-");
        var target = dir.Combine("edge-web.csar");
        File.WriteAllText(target, "mine, and longer than the package");
        var stub = new StubPlane().On(HttpMethod.Get, Version + "/content", 200, [1, 2, 3], "application/octet-stream");

        var result = await InProcessCli.RunAsync(["packages", "export", "edge-web", "1.2.0", "--output", target, "--force"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
    }

    [Fact]
    public async Task Export_WithoutOutput_IsBadUsage()
    {
        var stub = new StubPlane();

        var result = await InProcessCli.RunAsync(["packages", "export", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'--output' is required", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Delete_204_SaysDeleted()
    {
        var stub = new StubPlane().On(HttpMethod.Delete, Version, 204, "");

        var result = await InProcessCli.RunAsync(["packages", "delete", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("package edge-web 1.2.0 deleted\n", result.StdOut);
    }

    [Fact]
    public async Task Delete_404WithIgnoreNotFound_ExitsZero()
    {
        var result = await InProcessCli.RunAsync(["packages", "delete", "edge-web", "1.2.0", "--ignore-not-found"], handler: new StubPlane());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public async Task Delete_409InUse_NamesTheDeploymentsFromThePackage()
    {
        var stub = new StubPlane()
            .On(HttpMethod.Delete, Version, 409, """{"type":"https://edgemano.dev/problems/conflict","title":"Conflict","status":409,"detail":"in use"}""", Problem)
            .OnGet(Version, 200, Fixture.Text("api/package-edge-web.json"));

        var result = await InProcessCli.RunAsync(["packages", "delete", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            "package edge-web 1.2.0 is in use by deployment/web, deployment/web-b; nothing was deleted. Delete those deployments or deploy another version first (edgemano deployments delete NAME)",
            result.StdErr.Trim());
    }

    [Fact]
    public async Task Delete_409WithUsedByInTheProblem_NamesThemWithoutAskingAgain()
    {
        var stub = new StubPlane().On(HttpMethod.Delete, Version, 409, """{"title":"Conflict","status":409,"usedBy":["other"]}""", Problem);

        var result = await InProcessCli.RunAsync(["packages", "delete", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("package edge-web 1.2.0 is in use by deployment/other;", result.StdErr, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Delete_409UsersUnknown_PrintsThePlanesWords()
    {
        var stub = new StubPlane().On(HttpMethod.Delete, Version, 409, """{"title":"Conflict","status":409,"detail":"deployment 'web' uses it"}""", Problem);

        var result = await InProcessCli.RunAsync(["packages", "delete", "edge-web", "1.2.0"], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("package edge-web 1.2.0 is in use, the plane refused to delete it (409 Conflict): Conflict: deployment 'web' uses it", result.StdErr.Trim());
    }

    [Theory]
    [InlineData("get", "..")]
    [InlineData("get", "a/b")]
    [InlineData("delete", "edge-web", "..")]
    [InlineData("export", "edge-web", "1/0")]
    public async Task NameOrVersion_NotOnePathSegment_IsRejectedBeforeAnyRequest(string verb, string name, string version = "1.0")
    {
        var stub = new StubPlane();
        string[] args = verb == "export" ? ["packages", verb, "--", name, version, "-o", "/tmp/x"] : ["packages", verb, "--", name, version];

        var result = await InProcessCli.RunAsync(args, handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is not valid", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }
}
