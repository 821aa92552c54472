using System.IO.Compression;
using EdgeMano.Cli.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Packages;

/// <summary>`packages onboard PATH`: what is sent (docs/api.md, "Packages") and how answers are printed (canned answers).</summary>
public sealed class OnboardCommandTests
{
    private const string Problem = "application/problem+json";
    private const string Digest = "sha256:4f2c9a7e1b3d5f6a8c0e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d";
    private static readonly string Descriptor = Fixture.Path("packages/edge-web/Definitions/edge-web.yaml");

    private static StubPlane Onboarding(string filename, int status, string body, string mediaType = "application/json") =>
        new StubPlane().On(HttpMethod.Post, "/api/v1/packages?filename=" + filename, status, body, mediaType);

    [Fact]
    public async Task Onboard_YamlFile_PostsTheBytesAsIsAsYamlWithItsFileName()
    {
        var stub = Onboarding("edge-web.yaml", 201, Fixture.Text("api/package-edge-web.json"));

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        var post = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Equal("application/yaml", post.ContentType);
        Assert.Equal(File.ReadAllBytes(Descriptor), post.Body);
        Assert.Equal($"package edge-web 1.2.0 onboarded (digest {Digest})\n", result.StdOut);
        // The package's notes (findings that did not stop onboarding) are shown, located.
        Assert.Equal("note: Definitions/extra.yaml: not listed in the manifest; onboarded anyway\n", result.StdErr);
    }

    [Fact]
    public async Task Onboard_200_SaysUnchanged()
    {
        var stub = Onboarding("edge-web.yaml", 200, """{"name":"edge-web","version":"1.2.0","digest":"sha256:ab12"}""");

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("package edge-web 1.2.0 unchanged (digest sha256:ab12)\n", result.StdOut);
    }

    [Fact]
    public async Task Onboard_Directory_PostsItZippedWithTheDirectorysName()
    {
        var stub = Onboarding("edge-web", 201, Fixture.Text("api/package-edge-web.json"));

        var result = await InProcessCli.RunAsync(["packages", "onboard", Fixture.Path("packages/edge-web") + "/"], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        var post = Assert.Single(stub.Requests);
        Assert.Equal("application/zip", post.ContentType);
        using var zip = new ZipArchive(new MemoryStream(post.Body!), ZipArchiveMode.Read);
        Assert.Equal(["Definitions/edge-web.yaml", "README.md", "TOSCA-Metadata/TOSCA.meta"], zip.Entries.Select(e => e.FullName));
        // Notes of a directory point at the file on disk.
        Assert.Equal($"note: {Fixture.Path("packages/edge-web")}/Definitions/extra.yaml: not listed in the manifest; onboarded anyway\n", result.StdErr);
    }

    [Fact]
    public async Task Onboard_CsarWithSpaceInName_IsSentAsZipWithTheNameEscaped()
    {
        using var dir = new TempDir("edgemano-cli-pkg-");
        var csar = dir.Combine("edge web.csar");
        using (var zip = ZipFile.Open(csar, ZipArchiveMode.Create)) zip.CreateEntry("TOSCA-Metadata/TOSCA.meta");
        var stub = Onboarding("edge%20web.csar", 201, Fixture.Text("api/package-edge-web.json"));

        var result = await InProcessCli.RunAsync(["packages", "onboard", csar], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("application/zip", Assert.Single(stub.Requests).ContentType);
    }

    [Fact]
    public async Task Onboard_400_PrintsEveryErrorAsFileLineColumnPathMessageExitTwo()
    {
        var stub = Onboarding("edge-web", 400, Fixture.Text("api/problem-package.json"), Problem);
        var dir = Fixture.Path("packages/edge-web");

        var result = await InProcessCli.RunAsync(["packages", "onboard", dir], handler: stub);

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"{dir}/Definitions/vnfd.yaml:7:3: node_types: unknown node type 'acme.Web'\n" +
            $"{dir}/Definitions/vnfd.yaml:41:19: topology_template.node_templates.web.properties.sw_image_data: the image file 'images/web.tar' is not in the package\n" +
            $"{dir}/TOSCA-Metadata/TOSCA.meta: Entry-Definitions: missing\n" +
            $"3 error(s) in {dir}; nothing was onboarded\n",
            result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Onboard_400ForAnArchive_NamesTheFilesInsideIt()
    {
        using var dir = new TempDir("edgemano-cli-pkg-");
        var csar = dir.Combine("edge.csar");
        File.WriteAllBytes(csar, [0x50, 0x4B, 0x05, 0x06, .. new byte[18]]);
        var stub = Onboarding("edge.csar", 400, Fixture.Text("api/problem-package.json"), Problem);

        var result = await InProcessCli.RunAsync(["packages", "onboard", csar], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("Definitions/vnfd.yaml:7:3: node_types: unknown node type 'acme.Web'\n", result.StdErr, StringComparison.Ordinal);
        Assert.EndsWith($"3 error(s) in {csar}; nothing was onboarded\n", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_400ForOneDescriptor_NamesTheFileAsTheOperatorWroteIt()
    {
        var stub = Onboarding("edge-web.yaml", 400,
            """{"title":"The package is not valid","status":400,"errors":[{"file":"edge-web.yaml","line":3,"column":11,"path":"metadata","message":"'version' is required"}]}""", Problem);

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"{Descriptor}:3:11: metadata: 'version' is required\n1 error(s) in {Descriptor}; nothing was onboarded\n", result.StdErr);
    }

    [Fact]
    public async Task Onboard_409_SaysVersionsAreImmutableExitTwo()
    {
        var stub = Onboarding("edge-web.yaml", 409,
            """{"type":"https://edgemano.dev/problems/conflict","title":"Conflict","status":409,"detail":"edge-web 1.2.0 is onboarded with digest sha256:1111"}""", Problem);

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"{Descriptor}: the plane refused it (409 Conflict): Conflict: edge-web 1.2.0 is onboarded with digest sha256:1111; nothing was onboarded\n" +
            "versions are immutable: this name and version are already onboarded with other content; give the package a new version and onboard it again\n",
            result.StdErr);
    }

    [Fact]
    public async Task Onboard_413_IsRefusedInputNamingTheFile()
    {
        var stub = Onboarding("edge-web.yaml", 413, """{"title":"Request body too large","status":413,"detail":"the body is over the 16777216-byte limit"}""", Problem);

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"{Descriptor}: the plane refused it (413 Request Entity Too Large): Request body too large: the body is over the 16777216-byte limit; nothing was onboarded", result.StdErr.Trim());
    }

    [Fact]
    public async Task Onboard_PlaneWithoutPackages404_SaysSoExitOne()
    {
        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor, "-s", "http://127.0.0.1:9"], handler: new StubPlane());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("the plane at http://127.0.0.1:9 has no api/v1/packages (404): is it older than package onboarding?", result.StdErr.Trim());
    }

    [Fact]
    public async Task Onboard_500_IsAFailureExitOne()
    {
        var stub = Onboarding("edge-web.yaml", 500, Fixture.Text("api/problem-500.json"), Problem);

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor], handler: stub);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("the plane failed (500 Internal Server Error): The store is not available", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_FileOver16MiB_ExitsTwoWithoutARequest()
    {
        using var dir = new TempDir("edgemano-cli-pkg-");
        var path = dir.Combine("huge.tgz");
        using (var file = File.Create(path)) file.SetLength(20 * 1024 * 1024);
        var stub = new StubPlane();

        var result = await InProcessCli.RunAsync(["packages", "onboard", path], handler: stub);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"{path}: 20 MiB (20971520 bytes) is over the plane's package limit of 16 MiB; nothing was sent", result.StdErr.Trim());
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("json", "{\n  \"name\": \"edge-web\",\n  \"version\": \"1.2.0\",\n  \"digest\": \"sha256:ab12\"\n}\n")]
    [InlineData("yaml", "name: edge-web\nversion: \"1.2.0\"\ndigest: sha256:ab12\n")]
    public async Task Onboard_OutputFormat_PrintsThePlanesAnswer(string format, string expected)
    {
        var stub = Onboarding("edge-web.yaml", 201, """{"name":"edge-web","version":"1.2.0","digest":"sha256:ab12"}""");

        var result = await InProcessCli.RunAsync(["packages", "onboard", Descriptor, "-o", format], handler: stub);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.StdOut);
    }
}
