using System.Net;
using System.Text;
using System.Text.Json;
using EdgeMano.Plane.Host.Tests.Infrastructure;

namespace EdgeMano.Plane.Host.Tests.Api;

/// <summary>NSDs onboarded as packages and NS instances over REST, against the real plane (no node needed).</summary>
public sealed class NetworkServicesApiTests(PlaneFixture fixture) : IClassFixture<PlaneFixture>
{
    private HttpClient Http => fixture.Plane.Http;

    private static string Cnf(string name) => $"""
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {"{"}name: {name}, version: 1.0.0, provider: test{"}"}
        workloads:
          - {"{"}name: app, kind: container, image: local/busybox:1, command: [sleep, "3600"]{"}"}
        """;

    private static string Nsd(string name, string serverPackage, string clientPackage) => $"""
        apiVersion: edgemano/v1
        kind: NetworkService
        metadata: {"{"}name: {name}, version: 1.0.0, provider: test{"}"}
        cnfs:
          - {"{"}name: server, package: {serverPackage}{"}"}
          - {"{"}name: client, package: {clientPackage}{"}"}
        virtualLinks:
          - {"{"}name: data, members: [server, client]{"}"}
        """;

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? body = null, string type = "application/yaml")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, type);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> OnboardAsync(string fileName, string yaml) =>
        SendAsync(HttpMethod.Post, $"/api/v1/packages?filename={fileName}", yaml);

    private async Task<int> PackageCountAsync() => (await fixture.Plane.GetJsonAsync("/api/v1/packages")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task OnboardNsd_Broken_400WithEveryErrorLocatedAndNothingStored()
    {
        var before = await PackageCountAsync();
        var broken = Nsd("broken-ns", "api-a@1.0.0", "api-b@1.0.0").Replace("members: [server, client]", "members: [server, clinet]", StringComparison.Ordinal)
            + "\n  - {name: data, members: [server]}\n";

        var (status, body) = await OnboardAsync("broken-ns.yaml", broken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => (File: e.GetProperty("file").GetString(), Line: e.GetProperty("line").GetInt32(),
            Path: e.GetProperty("path").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.True(errors.Contains(("broken-ns.yaml", 8, "virtualLinks[0].members[1]", "dangling member: no CNF or PNF is named 'clinet' (did you mean 'client'?)")), body.ToString());
        Assert.Contains(errors, e => e.Line == 9 && e.Path == "virtualLinks[1].name" && e.Message.StartsWith("duplicate virtual link 'data'", StringComparison.Ordinal));
        Assert.Equal(before, await PackageCountAsync());
    }

    [Fact]
    public async Task OnboardNsd_NamingUnknownPackage_400NamingThePackageAtItsLineAndNothingStored()
    {
        Assert.Equal(HttpStatusCode.Created, (await OnboardAsync("cnf.yaml", Cnf("api-known"))).Status);
        var before = await PackageCountAsync();

        var (status, body) = await OnboardAsync("ns.yaml", Nsd("half-ns", "api-known@1.0.0", "api-missing@1.0.0"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(("ns.yaml", 6, "cnfs[1].package"), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("path").GetString()));
        Assert.Contains("package api-missing 1.0.0, which is not onboarded", error.GetProperty("message").GetString());
        Assert.Equal(before, await PackageCountAsync());
        var (instantiated, _) = await SendAsync(HttpMethod.Post, "/api/v1/ns_instances", """{"name": "half", "nsd": "half-ns@1.0.0", "selector": {"site": "x"}}""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, instantiated); // no such NSD
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/v1/ns_instances/half")).Status);
    }

    [Fact]
    public async Task Instantiate_BadRequestOrUnknownNsd_400Located()
    {
        var (badStatus, bad) = await SendAsync(HttpMethod.Post, "/api/v1/ns_instances", "name: Bad Name\nnsd: nothing\nselector: {site: a}\nnode: n1\n");
        var (unknownStatus, unknown) = await SendAsync(HttpMethod.Post, "/api/v1/ns_instances", "name: ok\nnsd: ghost-ns@9.9.9\n");

        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        var paths = bad.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("path").GetString())).ToList();
        Assert.Equal([(1, "name"), (2, "nsd"), (4, "node")], paths);
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Contains("network service descriptor ghost-ns 9.9.9 is not onboarded", unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Lifecycle_CreateListShowConflictTerminate()
    {
        await OnboardAsync("a.yaml", Cnf("life-a"));
        await OnboardAsync("b.yaml", Cnf("life-b"));
        Assert.Equal(HttpStatusCode.Created, (await OnboardAsync("ns.yaml", Nsd("life-ns", "life-a@1.0.0", "life-b@1.0.0"))).Status);
        const string request = "name: life\nnsd: {name: life-ns, version: 1.0.0}\nselector: site=nowhere\n";

        var (created, body) = await SendAsync(HttpMethod.Post, "/api/v1/ns_instances", request);
        var (again, _) = await SendAsync(HttpMethod.Post, "/api/v1/ns_instances", request);
        var (conflict, problem) = await SendAsync(HttpMethod.Post, "/api/v1/ns_instances", request.Replace("nowhere", "elsewhere", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("INSTANTIATED", body.GetProperty("instantiationState").GetString());
        Assert.Equal(["life--server", "life--client"], body.GetProperty("cnfs").EnumerateArray().Select(c => c.GetProperty("deployment").GetString()));
        Assert.Equal(["server.life", "server"], body.GetProperty("cnfs")[0].GetProperty("dnsNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("life-data", body.GetProperty("virtualLinks")[0].GetProperty("network").GetString());
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Contains("exists already", problem.GetProperty("detail").GetString());
        var list = await fixture.Plane.GetJsonAsync("/api/v1/ns_instances");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == "life");
        var deployment = await fixture.Plane.GetJsonAsync("/api/v1/deployments/life--client");
        Assert.Equal(["life-client-app"], deployment.GetProperty("workloadNames").EnumerateArray().Select(w => w.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/api/v1/ns_instances/life")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/api/v1/ns_instances/life")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/v1/deployments/life--client")).Status);
    }
}
