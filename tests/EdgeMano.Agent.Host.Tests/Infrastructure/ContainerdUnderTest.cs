using System.Text.Json.Nodes;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Host.Tests.Infrastructure;

/// <summary>
/// The private containerd of <see cref="ContainerdDaemon"/> (busybox imported into its namespace),
/// seen through ctr. Containers run on the host network, so a workload's port is the same on both sides.
/// </summary>
public sealed class ContainerdUnderTest(ContainerdDaemon containerd) : IContainerRuntimeUnderTest
{
    private const string NodeLabel = "edgemano.node";
    private const string WorkloadLabel = "edgemano.workload";

    public IReadOnlyList<string> AgentArgs =>
        ["--runtime", "containerd", "--containerd-socket", containerd.SocketPath, "--containerd-namespace", ContainerdDaemon.Namespace];

    public string Web(int port, string probe) => DockerE2eWorkloads.Web(port, probe, containerPort: port);

    public string Listener(int port, string probe) => DockerE2eWorkloads.Listener(port, probe, containerPort: port);

    public async Task<Dictionary<string, string>> IdsByWorkloadAsync(string nodeId)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in await ContainersOfNodeAsync(nodeId))
        {
            var labels = (await InfoAsync(id))?["Labels"];
            var workload = (string?)labels?[WorkloadLabel] ?? "(no workload label)";
            Assert.True(ids.TryAdd(workload, id), $"two containers for workload {workload} of node {nodeId}: {ids[workload]} and {id}");
        }
        return ids;
    }

    public async Task<bool> IsRunningAsync(string id) => (await TasksAsync()).TryGetValue(id, out var task) && task.Status == "RUNNING";

    public async Task<string> StartIdentityAsync(string id) =>
        (await TasksAsync()).TryGetValue(id, out var task) ? $"pid {task.Pid}" : "(no task)";

    public async Task<string?> EnvironmentOfAsync(string id, string name)
    {
        var env = (await InfoAsync(id))?["Spec"]?["process"]?["env"]?.AsArray();
        return env?.Select(e => (string?)e).FirstOrDefault(e => e is not null && e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }

    public async Task RemoveNodeAsync(string nodeId)
    {
        foreach (var id in await ContainersOfNodeAsync(nodeId))
        {
            await TryCtrAsync("tasks", "kill", "-a", "-s", "SIGKILL", id);
            await TryCtrAsync("tasks", "rm", "-f", id);
            await TryCtrAsync("containers", "rm", id);
        }
    }

    /// <summary>Every container (with or without a task) labelled with <paramref name="nodeId"/>.</summary>
    public async Task<IReadOnlyList<string>> ContainersOfNodeAsync(string nodeId) =>
        Lines(await containerd.CtrAsync("containers", "ls", "-q", $"labels.\"{NodeLabel}\"==\"{nodeId}\""));

    /// <summary>Tasks by container id: `ctr tasks ls` is "TASK PID STATUS" per line.</summary>
    public async Task<Dictionary<string, (string Pid, string Status)>> TasksAsync() =>
        Lines(await containerd.CtrAsync("tasks", "ls")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 3)
            .ToDictionary(f => f[0], f => (f[1], f[2]), StringComparer.Ordinal);

    private async Task<JsonNode?> InfoAsync(string id)
    {
        try { return JsonNode.Parse(await containerd.CtrAsync("containers", "info", id)); }
        catch (InvalidOperationException) { return null; } // gone meanwhile
    }

    private async Task TryCtrAsync(params string[] args)
    {
        try { await containerd.CtrAsync(args); }
        catch (InvalidOperationException) { } // no task, already gone
    }

    private static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>End-to-end tests of the agent on containerd share one private containerd and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerdE2eCollection : ICollectionFixture<ContainerdDaemon>
{
    public const string Name = "agent-containerd-e2e";
}
