using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>Containers the agent did not make, created and checked with ctr (an independent client).</summary>
public sealed partial class ContainerdRuntimeTests
{
    private readonly List<string> _foreign = [];

    [Fact]
    public async Task ForeignContainer_WithAnotherLabelSet_IsNeitherListedNorTouched()
    {
        var driver = Driver();
        // Our workload label and name pattern, but not this node's label: someone else's.
        var foreignId = $"em-{NodeId}-intruder-foreign";
        _foreign.Add(foreignId);
        await CtrAsync("run", "-d", "--net-host", "--label", "edgemano.workload=intruder", "--label", "edgemano.node=someone-else",
            "docker.io/" + Image, foreignId, "sleep", "3600");
        var disguised = new ObservedWorkload
        {
            Name = "intruder", RuntimeId = foreignId, Runtime = driver.Name, SpecHash = "", State = InstanceState.Running,
        };

        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), i => i.RuntimeId == foreignId);
        var removeError = await Assert.ThrowsAsync<RuntimeException>(() => driver.RemoveAsync(disguised, TimeSpan.Zero, CancellationToken.None));
        var startError = await Assert.ThrowsAsync<RuntimeException>(() => driver.StartAsync(disguised, CancellationToken.None));
        await Assert.ThrowsAsync<RuntimeException>(() => driver.ExecAsync(disguised, ["true"], TimeSpan.FromSeconds(5), CancellationToken.None));
        await driver.CreateAsync(LongRunning("intruder"), "h", CancellationToken.None); // a same-named workload does not clear it

        Assert.Equal($"containerd: remove container of intruder ({foreignId}) refused: the container is not managed by node {NodeId}", removeError.Message);
        Assert.Contains("refused", startError.Message);
        var tasks = await CtrAsync("tasks", "ls");
        Assert.Contains(tasks.Split('\n'), line => line.StartsWith(foreignId, StringComparison.Ordinal) && line.Contains("RUNNING", StringComparison.Ordinal));
    }

    private async Task RemoveForeignContainersAsync()
    {
        foreach (var id in _foreign)
        {
            try
            {
                await CtrAsync("tasks", "kill", "-s", "SIGKILL", id);
                await Task.Delay(200);
                await CtrAsync("tasks", "rm", "-f", id);
                await CtrAsync("containers", "rm", id);
            }
            catch (InvalidOperationException) { } // already gone; the fixture sweeps the namespace at the end anyway
        }
    }
}
