using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.Infrastructure;

/// <summary>One plane shared by the tests of a class (each test uses its own names).</summary>
public sealed class PlaneFixture : IAsyncLifetime
{
    public PlaneProcess Plane { get; private set; } = null!;

    public async Task InitializeAsync() => Plane = await PlaneProcess.StartAsync();

    public async Task DisposeAsync() => await Plane.DisposeAsync();
}

public static class TestDeployments
{
    /// <summary>A small valid deployment of one container workload.</summary>
    public static string Yaml(string name, string selector = "{}", string workload = "web", string env = "v1", int hostPort = 0) => $"""
        apiVersion: edgemano/v1
        kind: Deployment
        name: {name}
        selector: {selector}
        workloads:
          - name: {workload}
            kind: container
            image: local/busybox:1
            command: [sleep, "3600"]
            env: {"{"}VERSION: {env}{"}"}
        {(hostPort > 0 ? $"    ports: [\"{hostPort}:8080\"]" : "")}
        """;
}
