using System.Net;
using System.Net.Sockets;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

public sealed class ErrorTests : DriverTestBase
{
    [Fact]
    public async Task Apply_409Conflict_NamesTheObjectAndTheServersMessage()
    {
        var name = ObjectName("web");
        Api.FailNext(r => r.Method == "PATCH" && r.Path == $"{Deployments}/{name}", 409, Fixtures.StatusFor("status-409-conflict.json", name));
        var driver = Driver();

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(Spec("web"), "h1", CancellationToken.None));

        Assert.Equal(
            $"kubernetes: apply Deployment edgemano/{name} failed: 409 Conflict: Operation cannot be fulfilled on deployments.apps \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            error.Message);
    }

    [Fact]
    public async Task Apply_422Invalid_NamesTheObjectTheMessageAndEachCause()
    {
        var name = ObjectName("web");
        Api.FailNext(r => r.Method == "PATCH" && r.Path == $"{Services}/{name}", 422, Fixtures.StatusFor("status-422-invalid.json", name));
        var driver = Driver();

        var error = await Assert.ThrowsAsync<RuntimeException>(() =>
            driver.CreateAsync(Spec("web", ports: new PortMapping { ContainerPort = 80, HostPort = 8080 }), "h1", CancellationToken.None));

        Assert.StartsWith($"kubernetes: apply Service edgemano/{name} failed: 422 Invalid: Service \"{name}\" is invalid: spec.ports[0].nodePort", error.Message);
        Assert.EndsWith("(causes: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767)", error.Message);
        Assert.Null(Api.Store.Get(Deployments, name)); // nothing half-made after the Service was refused
    }

    [Fact]
    public async Task Delete_409_OtherThanAReplacedInstance_IsAnError()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        var name = ObjectName("web");
        Api.FailNext(r => r.Method == "DELETE" && r.Path == $"{Deployments}/{name}", 409, Fixtures.StatusFor("status-409-conflict.json", name));

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.RemoveAsync(created, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.StartsWith($"kubernetes: delete Deployment edgemano/{name} failed: 409 Conflict:", error.Message);
    }

    [Fact]
    public async Task Unreachable_ListAndCreate_NameTheServerUrl()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var kubeconfig = Path.Combine(Dir, "closed.yaml");
        File.WriteAllText(kubeconfig, File.ReadAllText(Api.WriteKubeconfig(Dir)).Replace(Api.Url, $"http://127.0.0.1:{port}"));
        var driver = Driver(kubeconfig: kubeconfig);

        var list = await Assert.ThrowsAsync<RuntimeException>(() => driver.ListAsync(CancellationToken.None));
        var create = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(Spec("web"), "h1", CancellationToken.None));

        // Whichever of the three first lists failed first is reported.
        Assert.Matches($@"^kubernetes: cannot reach http://127\.0\.0\.1:{port} to list /api\S*/namespaces/edgemano/(deployments|statefulsets|pods): connection refused$", list.Message);
        Assert.Equal($"kubernetes: cannot reach http://127.0.0.1:{port} to read Namespace edgemano: connection refused", create.Message);
    }

    [Fact]
    public async Task WatchAnswering410Status_RelistsInsteadOfRetryingTheSameVersion()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "three watches");
        Api.FailNext(r => r.Path == Deployments && r.QueryValue("watch") == "true", 410, Fixtures.StatusFor("status-410-expired.json", "1"));

        Api.EndWatches();

        await Eventually(() => Task.FromResult(Api.Requests.Count(r => r.Path == Deployments && r.QueryValue("watch") is null) == 2 ? "" : null), "a second list");
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "watches reopened");
    }

    [Fact]
    public async Task Unauthorized_IsReportedWithTheStatus()
    {
        var kubeconfig = Path.Combine(Dir, "badtoken.yaml");
        File.WriteAllText(kubeconfig, File.ReadAllText(Api.WriteKubeconfig(Dir)).Replace(FakeApiServer.Token, "wrong"));
        var driver = Driver(kubeconfig: kubeconfig);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => driver.ListAsync(CancellationToken.None));

        Assert.Matches(@"^kubernetes: list /api\S*/namespaces/edgemano/(deployments|statefulsets|pods) failed: 401 Unauthorized", error.Message);
    }
}
