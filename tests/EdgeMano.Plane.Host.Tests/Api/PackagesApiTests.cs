using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.Api;

/// <summary>Onboarding over REST against the real plane: each format, broken packages, immutability, use and delete.</summary>
public sealed class PackagesApiTests(PlaneFixture fixture) : IClassFixture<PlaneFixture>
{
    private HttpClient Http => fixture.Plane.Http;

    private async Task<(HttpStatusCode Status, JsonElement Body)> OnboardAsync(string fileName, byte[] content, string type = "application/octet-stream")
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var response = await Http.PostAsync($"/api/v1/packages?filename={Uri.EscapeDataString(fileName)}", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<int> PackageCountAsync() => (await fixture.Plane.GetJsonAsync("/api/v1/packages")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task Onboard_EachFormat_CreatedThenUnchangedAndExportedAsSent()
    {
        foreach (var (format, fileName, content) in PackageFixtures.OnePerFormat())
        {
            var (status, body) = await OnboardAsync(fileName, content);
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"{fileName}: {status} {body}");
            Assert.Equal(format, body.GetProperty("format").GetString());
            Assert.StartsWith("sha256:", body.GetProperty("digest").GetString());
            Assert.NotEqual(0, body.GetProperty("workloads").GetArrayLength());

            var (again, _) = await OnboardAsync(fileName, content);
            Assert.Equal(HttpStatusCode.OK, again);
            var name = body.GetProperty("name").GetString();
            var version = body.GetProperty("version").GetString();
            var exported = await Http.GetByteArrayAsync($"/api/v1/packages/{name}/{version}/content");
            Assert.Equal(content, exported);
        }
    }

    [Fact]
    public async Task Onboard_BrokenPackages_400WithLocatedErrorsAndNothingStored()
    {
        var before = await PackageCountAsync();
        var broken = Directory.GetDirectories(PackageFixtures.Directory("broken")).Order(StringComparer.Ordinal).ToList();
        Assert.True(broken.Count >= 20, $"only {broken.Count} broken fixtures");
        foreach (var dir in broken)
        {
            var (status, body) = await OnboardAsync(Path.GetFileName(dir) + ".zip", PackageFixtures.Zip(dir), "application/zip");
            Assert.True(status == HttpStatusCode.BadRequest, $"{Path.GetFileName(dir)}: {status} {body}");
            var errors = body.GetProperty("errors").EnumerateArray().ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("file").GetString()), body.ToString()));
            Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
        }
        Assert.Equal(before, await PackageCountAsync());
    }

    [Fact]
    public async Task Onboard_SameVersionOtherContent_409AndFirstKept()
    {
        var cnf = File.ReadAllText(Path.Combine(PackageFixtures.Directory("own"), "cnf.yaml"));
        var renamed = cnf.Replace("name: edge-web", "name: immutable-web", StringComparison.Ordinal);
        Assert.NotEqual(cnf, renamed);
        var (first, body) = await OnboardAsync("cnf.yaml", Encoding.UTF8.GetBytes(renamed));
        Assert.True(first is HttpStatusCode.Created or HttpStatusCode.OK, body.ToString());
        var (second, problem) = await OnboardAsync("cnf.yaml", Encoding.UTF8.GetBytes(renamed + "\n# changed\n"));
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Contains("immutable", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Deploy_FromPackage_WorkloadsResolvedAndPackageInUse()
    {
        var (format, fileName, content) = PackageFixtures.OnePerFormat().First();
        var (_, package) = await OnboardAsync(fileName, content);
        var name = package.GetProperty("name").GetString()!;
        var version = package.GetProperty("version").GetString()!;
        var (status, deployment) = await fixture.Plane.PutDeploymentAsync("from-package", $"name: from-package\npackage: {name}@{version}\nselector: {{site: nowhere}}\n");
        Assert.True(status == 201, deployment.ToString());
        Assert.Equal(package.GetProperty("digest").GetString(), deployment.GetProperty("package").GetProperty("digest").GetString());
        Assert.NotEqual(0, deployment.GetProperty("workloadNames").GetArrayLength());
        Assert.False(deployment.TryGetProperty("workloads", out _));

        using (var inUse = await Http.DeleteAsync($"/api/v1/packages/{name}/{version}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
            Assert.Contains("from-package", await inUse.Content.ReadAsStringAsync());
        }
        // The answer applied again changes nothing.
        var (again, _) = await fixture.Plane.PutDeploymentAsync("from-package", deployment.ToString());
        Assert.Equal(200, again);
        Assert.Equal(204, await fixture.Plane.DeleteDeploymentAsync("from-package"));
        using var deleted = await Http.DeleteAsync($"/api/v1/packages/{name}/{version}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        _ = format;
    }

    [Fact]
    public async Task Deploy_PackageNotOnboarded_400NamingPackage()
    {
        var (status, body) = await fixture.Plane.PutDeploymentAsync("ghost", "name: ghost\npackage: {name: ghost-cnf, version: 9.9.9}\n");
        Assert.Equal(400, status);
        var error = body.GetProperty("errors")[0];
        Assert.Equal("package", error.GetProperty("path").GetString());
        Assert.Contains("not onboarded", error.GetProperty("message").GetString());
        using var get = await Http.GetAsync("/api/v1/deployments/ghost");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Deploy_PackageAndWorkloads_400()
    {
        var (status, body) = await fixture.Plane.PutDeploymentAsync("both", TestDeployments.Yaml("both") + "\npackage: x@1\n");
        Assert.Equal(400, status);
        Assert.Contains("not both", body.ToString());
    }
}
