using System.Net;
using System.Text;
using System.Text.Json;
using EdgeMano.Plane.Host.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.Api;

public sealed class DeploymentApiTests : IAsyncLifetime
{
    private PlaneProcess _plane = null!;

    public async Task InitializeAsync() => _plane = await PlaneProcess.StartAsync();

    public async Task DisposeAsync() => await _plane.DisposeAsync();

    [Fact]
    public async Task Put_SameBodyTwice_CreatedThenUnchanged()
    {
        var (first, body1) = await _plane.PutDeploymentAsync("web", TestDeployments.Yaml("web"));
        var (second, body2) = await _plane.PutDeploymentAsync("web", TestDeployments.Yaml("web"));
        Assert.Equal(201, first);
        Assert.Equal(200, second);
        Assert.Equal(1, body1.GetProperty("generation").GetInt64());
        Assert.Equal(1, body2.GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task Put_JsonBody_SameAsYaml()
    {
        var json = """{"name":"api","workloads":[{"name":"api","kind":"process","command":["/bin/sleep","60"]}]}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _plane.Http.PutAsync("/api/v1/deployments/api", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var got = await _plane.GetJsonAsync("/api/v1/deployments/api");
        Assert.Equal("process", got.GetProperty("workloads")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Get_OutputReapplied_Unchanged()
    {
        await _plane.PutDeploymentAsync("round", TestDeployments.Yaml("round", hostPort: 18099));
        var got = await _plane.GetJsonAsync("/api/v1/deployments/round");
        var (status, body) = await _plane.PutDeploymentAsync("round", got.GetRawText());
        Assert.Equal(200, status);
        Assert.Equal(1, body.GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task Put_ChangedSpec_GenerationIncrements()
    {
        await _plane.PutDeploymentAsync("svc", TestDeployments.Yaml("svc", env: "v1"));
        var (status, body) = await _plane.PutDeploymentAsync("svc", TestDeployments.Yaml("svc", env: "v2"));
        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task Delete_Existing_NoContentThenNotFound()
    {
        await _plane.PutDeploymentAsync("gone", TestDeployments.Yaml("gone"));
        Assert.Equal(204, await _plane.DeleteDeploymentAsync("gone"));
        Assert.Equal(404, await _plane.DeleteDeploymentAsync("gone"));
        var list = await _plane.GetJsonAsync("/api/v1/deployments");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("name").GetString() == "gone");
    }

    [Fact]
    public async Task Restart_KeepsDeployments()
    {
        await _plane.PutDeploymentAsync("kept", TestDeployments.Yaml("kept"));
        await _plane.RestartAsync();
        var got = await _plane.GetJsonAsync("/api/v1/deployments/kept");
        Assert.Equal("kept", got.GetProperty("name").GetString());
    }

    [Fact]
    public async Task OpenApi_Served_ListsDeploymentPaths()
    {
        var doc = await _plane.GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/deployments/{name}", paths);
        Assert.Contains("/api/v1/nodes", paths);
    }

    [Fact]
    public async Task Grpc_ListDeployments_SamePortAsRest()
    {
        await _plane.PutDeploymentAsync("viagrpc", TestDeployments.Yaml("viagrpc"));
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(_plane.Url);
        var client = new EdgeMano.Proto.V1.Deployments.DeploymentsClient(channel);
        var response = await client.ListDeploymentsAsync(new EdgeMano.Proto.V1.ListDeploymentsRequest());
        Assert.Contains(response.Deployments, d => d.Name == "viagrpc");
        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await client.GetDeploymentAsync(new EdgeMano.Proto.V1.GetDeploymentRequest { Name = "absent" }));
        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, error.StatusCode);
    }
}
