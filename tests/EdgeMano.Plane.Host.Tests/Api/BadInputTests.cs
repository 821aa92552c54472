using System.Net;
using System.Text;
using System.Text.Json;
using EdgeMano.Plane.Host.Tests.Infrastructure;

namespace EdgeMano.Plane.Host.Tests.Api;

/// <summary>Bad REST bodies: 400 (or 413/415) problem+json naming the field, and nothing changes.</summary>
public sealed class BadInputTests(PlaneFixture fixture) : IClassFixture<PlaneFixture>
{
    public static TheoryData<string, string, string> BadBodies => new()
    {
        // name in path, body, expected error path
        { "bad1", """{"name":"bad1","workloads":[{"name":"x","kind":"container","image":"local/busybox:1","ports":["70000"]}]}""", "workloads[0].ports[0].containerPort" },
        { "bad2", """{"name":"bad2","workloads":[{"name":"x","kind":"container","image":"Not Valid"}]}""", "workloads[0].image" },
        { "bad3", """{"name":"other","workloads":[{"name":"x","kind":"process","command":["/bin/true"]}]}""", "name" },
        { "bad4", """{"name":"bad4","workloads":[]}""", "workloads" },
        { "bad5", """{"name":"bad5","selector":"site=a","workloads":[{"name":"x","kind":"process","command":["/bin/true"]}]}""", "selector" },
        { "bad6", """{"name":"bad6","workloads":[{"name":"x","kind":"process","command":["/bin/true"],"restart":{"policy":"sometimes"}}]}""", "workloads[0].restart.policy" },
        { "bad7", """{"name":"bad7","workloads":[{"name":"x","kind":"process","command":["/bin/true"]}],"replicas":3}""", "replicas" },
        { "bad8", """{"name":"bad8","workloads":[{"name":"x","kind":"process","command":["/bin/true"]},{"name":"x","kind":"process","command":["/bin/true"]}]}""", "workloads[1].name" },
        { "bad9", """{"name": "bad9", "workloads": [ {"name": "x", """, "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Put_InvalidBody_ProblemNamingFieldAndNothingStored(string name, string body, string path)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await fixture.Plane.Http.PutAsync($"/api/v1/deployments/{name}", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        if (path.Length > 0) Assert.Contains(errors, e => e.GetProperty("path").GetString() == path);
        Assert.All(errors, e => Assert.True(e.GetProperty("line").GetInt32() >= 1, text));
        using var get = await fixture.Plane.Http.GetAsync($"/api/v1/deployments/{name}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Put_InvalidUpdate_KeepsPreviousVersion()
    {
        await fixture.Plane.PutDeploymentAsync("keep", TestDeployments.Yaml("keep", env: "v1"));
        var (status, _) = await fixture.Plane.PutDeploymentAsync("keep", TestDeployments.Yaml("keep", env: "v1").Replace("local/busybox:1", "UPPER/case"));
        Assert.Equal(400, status);
        var got = await fixture.Plane.GetJsonAsync("/api/v1/deployments/keep");
        Assert.Equal("local/busybox:1", got.GetProperty("workloads")[0].GetProperty("image").GetString());
        Assert.Equal(1, got.GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task Put_WrongContentType_415()
    {
        using var content = new StringContent("<xml/>", Encoding.UTF8, "application/xml");
        using var response = await fixture.Plane.Http.PutAsync("/api/v1/deployments/xml", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Put_OversizedBody_413()
    {
        var big = "{\"name\":\"big\",\"workloads\":[],\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        using var content = new StringContent(big, Encoding.UTF8, "application/json");
        using var response = await fixture.Plane.Http.PutAsync("/api/v1/deployments/big", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Put_OversizedBody_NextRequestOnSameClientStillWorks()
    {
        // The refusal leaves the body unread; the client must not reuse a connection the server drops.
        var big = "{\"name\":\"big2\",\"x\":\"" + new string('a', 4 * 1024 * 1024) + "\"}";
        for (var i = 0; i < 5; i++)
        {
            using (var content = new StringContent(big, Encoding.UTF8, "application/json"))
            using (var refused = await fixture.Plane.Http.PutAsync("/api/v1/deployments/big2", content))
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            var (status, _) = await fixture.Plane.PutDeploymentAsync("after-big", TestDeployments.Yaml("after-big", env: $"v{i}"));
            Assert.True(status is 200 or 201, $"round {i}: {status}");
        }
    }

    [Fact]
    public async Task Connect_ClosedWithoutSending_NoErrorLogged()
    {
        for (var i = 0; i < 5; i++)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            await probe.ConnectAsync("127.0.0.1", fixture.Plane.HttpPort);
            if (i % 2 == 0) probe.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0); // RST instead of FIN
        }
        using var health = await fixture.Plane.Http.GetAsync("/healthz");
        await Task.Delay(500);
        Assert.DoesNotContain("fail:", fixture.Plane.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", fixture.Plane.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetNodes_BadSelector_400NamingSelector()
    {
        using var response = await fixture.Plane.Http.GetAsync("/api/v1/nodes?selector=novalue");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("selector", problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task GetNode_Unknown_404Problem()
    {
        using var response = await fixture.Plane.Http.GetAsync("/api/v1/nodes/nobody");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
