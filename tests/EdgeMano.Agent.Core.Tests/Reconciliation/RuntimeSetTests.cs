using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Reconciliation;

public sealed class RuntimeSetTests
{
    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public async Task Observe_AllRuntimesListed()
    {
        var docker = new FakeRuntime("docker", _time, WorkloadKind.Container);
        var process = new FakeRuntime("process", _time, WorkloadKind.Process);
        docker.Add("a", "h1");
        process.Add("b", "h2");

        var observation = await new RuntimeSet([docker, process]).ObserveAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], observation.Instances.Select(i => i.Name).Order());
        Assert.Empty(observation.Unavailable);
    }

    [Fact]
    public async Task Observe_OneRuntimeFails_OthersStillListed_FailureNamesRuntimeAndCause()
    {
        var docker = new FakeRuntime("docker", _time, WorkloadKind.Container);
        var process = new FakeRuntime("process", _time, WorkloadKind.Process);
        docker.Add("a", "h1");
        process.Add("b", "h2");
        docker.FailNextList("cannot reach unix:///var/run/docker.sock: connection refused");

        var observation = await new RuntimeSet([docker, process]).ObserveAsync(CancellationToken.None);

        Assert.Equal("b", Assert.Single(observation.Instances).Name);
        var reason = Assert.Single(observation.Unavailable);
        Assert.Equal(WorkloadKind.Container, reason.Key);
        Assert.Equal("docker unavailable: cannot reach unix:///var/run/docker.sock: connection refused", reason.Value);
    }

    [Fact]
    public async Task Observe_KindWithoutRuntime_Unavailable()
    {
        var docker = new FakeRuntime("docker", _time, WorkloadKind.Container);
        var observation = await new RuntimeSet([docker]).ObserveAsync(CancellationToken.None);
        Assert.Equal("no runtime for process workloads is configured on this node", observation.Unavailable[WorkloadKind.Process]);
        Assert.False(observation.Unavailable.ContainsKey(WorkloadKind.Container));
    }

    [Fact]
    public void For_And_ByName_RouteToTheRightDriver()
    {
        var docker = new FakeRuntime("docker", _time, WorkloadKind.Container);
        var process = new FakeRuntime("process", _time, WorkloadKind.Process);
        var set = new RuntimeSet([docker, process]);
        Assert.Same(process, set.For(WorkloadKind.Process));
        Assert.Same(docker, set.ByName("docker"));
        var ex = Assert.Throws<RuntimeException>(() => set.ByName("containerd"));
        Assert.Contains("containerd", ex.Message);
        Assert.Null(new RuntimeSet([docker]).For(WorkloadKind.Process));
    }
}
