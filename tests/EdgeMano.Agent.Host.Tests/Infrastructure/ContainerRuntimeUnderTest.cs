using EdgeMano.Testing;

namespace EdgeMano.Agent.Host.Tests.Infrastructure;

/// <summary>
/// What the agent's end-to-end resilience tests need from a container runtime, so one scenario runs
/// on Docker and on containerd: how the agent is pointed at it, the test workloads as that runtime
/// runs them, and an independent view (Docker.DotNet, ctr) of what really runs for a node.
/// </summary>
public interface IContainerRuntimeUnderTest
{
    /// <summary>Flags that make the agent drive this runtime.</summary>
    IReadOnlyList<string> AgentArgs { get; }

    /// <summary>httpd on <paramref name="port"/> (see <see cref="DockerE2eWorkloads.Web"/>).</summary>
    string Web(int port, string probe);

    /// <summary>nc on <paramref name="port"/> (see <see cref="DockerE2eWorkloads.Listener"/>).</summary>
    string Listener(int port, string probe);

    /// <summary>Container id by workload label, of one node; fails on two containers for one workload.</summary>
    Task<Dictionary<string, string>> IdsByWorkloadAsync(string nodeId);

    Task<bool> IsRunningAsync(string id);

    /// <summary>Changes whenever the container's process is (re)started: Docker's StartedAt, containerd's task PID.</summary>
    Task<string> StartIdentityAsync(string id);

    /// <summary>One environment variable of the container's spec, or null.</summary>
    Task<string?> EnvironmentOfAsync(string id, string name);

    /// <summary>Removes every container of the node, as a reboot that wiped the runtime does.</summary>
    Task RemoveNodeAsync(string nodeId);
}

/// <summary>The Docker engine of <see cref="DockerE2eFixture"/>; the agent finds it by auto-detection (the default).</summary>
public sealed class DockerUnderTest(DockerE2eFixture docker) : IContainerRuntimeUnderTest
{
    public IReadOnlyList<string> AgentArgs => ["--runtime", "auto"];

    public string Web(int port, string probe) => DockerE2eWorkloads.Web(port, probe);

    public string Listener(int port, string probe) => DockerE2eWorkloads.Listener(port, probe);

    public Task<Dictionary<string, string>> IdsByWorkloadAsync(string nodeId) => docker.IdsByWorkloadAsync(nodeId);

    public async Task<bool> IsRunningAsync(string id) => (await docker.TryInspectAsync(id))?.State.Running == true;

    public async Task<string> StartIdentityAsync(string id) => (await docker.InspectAsync(id)).State.StartedAt;

    public async Task<string?> EnvironmentOfAsync(string id, string name) =>
        (await docker.InspectAsync(id)).Config.Env.FirstOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    public async Task RemoveNodeAsync(string nodeId) =>
        await docker.RemoveQuietlyAsync((await docker.ContainersOfNodeAsync(nodeId)).Select(c => c.ID));
}
