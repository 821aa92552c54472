using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd;
using EdgeMano.Agent.Runtimes.Tests.Contract;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>The driver contract against a private containerd, plus what is specific to containerd.</summary>
[Collection(ContainerdCollection.Name)]
public sealed partial class ContainerdRuntimeTests(ContainerdDaemon daemon) : RuntimeDriverContract
{
    private const string Image = ContainerdDaemon.BusyboxImage;

    /// <summary>The base removes every node's instances; containers made with ctr by tests go too.</summary>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await RemoveForeignContainersAsync();
    }

    protected override IWorkloadRuntime CreateDriver(string nodeId) => NewDriver(nodeId);

    protected override WorkloadSpec LongRunning(string name, IReadOnlyDictionary<string, string>? env = null) => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = Image,
        Args = new(["sleep", "3600"]),
        Env = env is null ? ValueMap.Empty : new ValueMap(env),
    };

    protected override WorkloadSpec ExitsWith(string name, int exitCode) => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = Image,
        Args = new(["sh", "-c", $"sleep 1; exit {exitCode}"]),
    };

    private ContainerdOptions Options(string nodeId, string? socketPath = null) => new()
    {
        NodeId = nodeId,
        SocketPath = socketPath ?? daemon.SocketPath,
        LogDirectory = daemon.LogDirectory,
        InitPath = ContainerdDaemon.InitPath,
        StopGrace = TimeSpan.FromSeconds(2),
    };

    private IWorkloadRuntime NewDriver(string nodeId, string? socketPath = null) => ContainerdRuntimes.Create(Options(nodeId, socketPath));

    private async Task<string> CtrAsync(params string[] args) => await daemon.CtrAsync(args);
}
