using Docker.DotNet;
using Docker.DotNet.Models;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Docker;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Docker;

/// <summary>Containers the agent did not make, seen and checked through an independent client (Docker.DotNet).</summary>
public sealed partial class DockerRuntimeTests
{
    private readonly List<string> _foreign = [];

    [Fact]
    public async Task ForeignContainer_WithoutNodeLabel_IsNeitherListedNorTouched()
    {
        var driver = MyDriver();
        // Same name our driver would pick, and our workload label, but no node label.
        var foreignId = await CreateForeignAsync($"em_{NodeId}_intruder", new() { ["edgemano.workload"] = "intruder" });
        var disguised = new ObservedWorkload
        {
            Name = "intruder", RuntimeId = foreignId, Runtime = driver.Name, SpecHash = "", State = InstanceState.Running,
        };

        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), i => i.RuntimeId == foreignId);
        var createError = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(LongRunning("intruder"), "h", CancellationToken.None));
        var removeError = await Assert.ThrowsAsync<RuntimeException>(() => driver.RemoveAsync(disguised, TimeSpan.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<RuntimeException>(() => driver.ExecAsync(disguised, ["true"], TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains("not managed by node " + NodeId, createError.Message);
        Assert.Contains("refused", removeError.Message);
        using var docker = IndependentClient();
        Assert.True((await docker.Containers.InspectContainerAsync(foreignId)).State.Running);
    }

    [Fact]
    public async Task Create_SetsLabelsLimitsInitAndNoEngineRestart()
    {
        var spec = LongRunning("limited") with
        {
            Resources = new() { Cpus = 0.5, MemoryBytes = 64 * 1024 * 1024 },
            Labels = new(new Dictionary<string, string> { ["team"] = "ran", ["edgemano.node"] = "spoofed" }),
        };

        var created = await MyDriver().CreateAsync(spec, "abc123", CancellationToken.None);

        using var docker = IndependentClient();
        var seen = await docker.Containers.InspectContainerAsync(created.RuntimeId);
        Assert.Equal($"/em_{NodeId}_limited", seen.Name);
        Assert.Equal("true", seen.Config.Labels["edgemano.managed"]);
        Assert.Equal(NodeId, seen.Config.Labels["edgemano.node"]);
        Assert.Equal("limited", seen.Config.Labels["edgemano.workload"]);
        Assert.Equal("abc123", seen.Config.Labels["edgemano.spec-hash"]);
        Assert.Equal("ran", seen.Config.Labels["team"]);
        Assert.Equal(64 * 1024 * 1024, seen.HostConfig.Memory);
        Assert.Equal(500_000_000, seen.HostConfig.NanoCPUs);
        Assert.True(seen.HostConfig.Init);
        Assert.Equal(RestartPolicyKind.No, seen.HostConfig.RestartPolicy.Name);
        Assert.Equal("bridge", seen.HostConfig.NetworkMode);
    }

    private DockerClient IndependentClient() =>
        new DockerClientConfiguration(new Uri("unix://" + daemon.SocketPath)).CreateClient(new System.Version(1, 41));

    private async Task<string> CreateForeignAsync(string name, Dictionary<string, string> labels)
    {
        using var docker = IndependentClient();
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = TestImages.Busybox,
            Cmd = ["sleep", "3600"],
            Labels = labels,
            HostConfig = new HostConfig { Init = true },
        });
        _foreign.Add(created.ID);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    private async Task RemoveForeignContainersAsync()
    {
        if (_foreign.Count == 0) return;
        using var docker = IndependentClient();
        foreach (var id in _foreign)
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException) { }
        }
    }
}
