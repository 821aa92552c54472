using System.Text;
using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Agent.Host.Tests.Resilience;
using EdgeMano.Testing;
using Xunit.Abstractions;

namespace EdgeMano.Agent.Host.Tests.Containerd;

/// <summary>
/// The crash-safety scenario (<see cref="CrashSafetyScenario"/>) with `--runtime containerd`: busybox
/// containers on a private containerd, checked through ctr (containers labelled with the node, their
/// tasks, the STEP in their spec).
/// </summary>
[Collection(ContainerdE2eCollection.Name)]
public sealed class ContainerdCrashSafetyTests(ContainerdDaemon containerd, ITestOutputHelper output) : CrashSafetyScenario(output)
{
    private readonly ContainerdUnderTest _runtime = new(containerd);

    protected override IReadOnlyList<string> AgentArgs => _runtime.AgentArgs;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _runtime.RemoveNodeAsync(Agent.NodeId);
    }

    protected override string Workloads(int count, string step)
    {
        var b = new StringBuilder("apiVersion: edgemano/v1\nkind: DesiredState\n");
        if (count == 0) return b.Append("workloads: []\n").ToString();
        b.Append("workloads:\n");
        for (var i = 1; i <= count; i++)
            b.Append(DockerE2eWorkloads.Container($"sleep-{i}", "command: [sleep, \"3600\"]", $"env: {{STEP: \"{step}\"}}", "restart: {policy: always}"));
        return b.ToString();
    }

    protected override async Task<IReadOnlyList<LiveInstance>> InstancesOfNodeAsync()
    {
        var tasks = await _runtime.TasksAsync();
        var instances = new List<LiveInstance>();
        foreach (var id in await _runtime.ContainersOfNodeAsync(Agent.NodeId))
            instances.Add(new LiveInstance(id, tasks.TryGetValue(id, out var t) && t.Status == "RUNNING", await _runtime.EnvironmentOfAsync(id, "STEP")));
        return instances;
    }

    protected override string Describe(LiveInstance instance, string agentLog)
    {
        var mentions = agentLog.Split('\n').Where(l => l.Contains(instance.RuntimeId, StringComparison.Ordinal));
        return $"{instance}: log: [{string.Join(" | ", mentions)}]";
    }
}
