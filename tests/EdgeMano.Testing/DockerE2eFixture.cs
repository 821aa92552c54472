using Docker.DotNet;
using Docker.DotNet.Models;

namespace EdgeMano.Testing;

/// <summary>
/// A Docker engine that answers, the busybox image built on it, and an independent client
/// (Docker.DotNet, not the agent's own driver) to see what really runs.
/// </summary>
public sealed class DockerE2eFixture : IAsyncLifetime
{
    public const string NodeLabel = "edgemano.node";
    public const string WorkloadLabel = "edgemano.workload";
    public const string ManagedLabel = "edgemano.managed";
    public const string SpecHashLabel = "edgemano.spec-hash";

    private DockerClient? _client;

    public string SocketPath { get; private set; } = "";

    public DockerClient Client => _client ?? throw new InvalidOperationException("DockerE2eFixture is not initialized");

    public async Task InitializeAsync()
    {
        SocketPath = await DockerDaemon.EnsureAsync();
        await TestImages.EnsureBusyboxAsync(SocketPath);
        _client = new DockerClientConfiguration(new Uri("unix://" + SocketPath)).CreateClient(new System.Version(1, 41));
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every container (running or not) labelled with <paramref name="nodeId"/>.</summary>
    public async Task<IList<ContainerListResponse>> ContainersOfNodeAsync(string nodeId) =>
        await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{NodeLabel}={nodeId}"] = true } },
        });

    /// <summary>Container id by workload label, for one node; fails on two containers for one workload.</summary>
    public async Task<Dictionary<string, string>> IdsByWorkloadAsync(string nodeId)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in await ContainersOfNodeAsync(nodeId))
        {
            var workload = c.Labels.TryGetValue(WorkloadLabel, out var w) ? w : "(no workload label)";
            Assert.True(ids.TryAdd(workload, c.ID), $"two containers for workload {workload} of node {nodeId}: {ids[workload]} and {c.ID}");
        }
        return ids;
    }

    public Task<ContainerInspectResponse> InspectAsync(string id) => Client.Containers.InspectContainerAsync(id);

    /// <summary>Null when the container does not exist.</summary>
    public async Task<ContainerInspectResponse?> TryInspectAsync(string id)
    {
        try { return await Client.Containers.InspectContainerAsync(id); }
        catch (DockerContainerNotFoundException) { return null; }
    }

    /// <summary>Creates and starts a busybox `sleep 3600` the agent did not make.</summary>
    public async Task<string> RunForeignAsync(string name, IDictionary<string, string>? labels = null)
    {
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = TestImages.Busybox,
            Cmd = ["sleep", "3600"],
            Labels = labels ?? new Dictionary<string, string>(),
            HostConfig = new HostConfig { Init = true },
        });
        await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    /// <summary>Removes containers by id, ignoring those already gone (test cleanup).</summary>
    public async Task RemoveQuietlyAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            try { await Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }); }
            catch (DockerContainerNotFoundException) { }
            catch (DockerApiException) { }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; the message says what never happened.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout.TotalSeconds:0} s: {describe()}");
            await Task.Delay(250);
        }
    }
}
