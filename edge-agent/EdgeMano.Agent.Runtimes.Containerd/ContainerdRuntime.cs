using System.Collections.Concurrent;
using System.Globalization;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Containers;
using EdgeMano.Agent.Runtimes.Containerd.Api.Tasks;
using EdgeMano.Agent.Runtimes.Containerd.Api.Types;
using EdgeMano.Agent.Runtimes.Containerd.Images;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>
/// Runs container workloads on containerd 1.6 through its gRPC API, in one namespace, on the host
/// network. Every container it creates carries this node's labels (the Docker driver's); it lists,
/// starts, execs into and removes only containers labelled with this node, and leaves everything
/// else in containerd alone. The container is the metadata (labels, spec, snapshot); the task is
/// the running process, so an exited workload is a container whose task is stopped.
/// </summary>
internal sealed partial class ContainerdRuntime : IWorkloadRuntime, IDisposable
{
    public const string RuntimeName = "containerd";

    private readonly ContainerdOptions _options;
    private readonly ContainerdConnection _connection;
    private readonly ImageStore _images;
    private readonly LayerUnpacker _unpacker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _ownedFilter;
    /// <summary>Workload of each container id seen ("" for foreign ones): events carry only the id.</summary>
    private readonly ConcurrentDictionary<string, string> _workloadOf = new(StringComparer.Ordinal);

    public ContainerdRuntime(ContainerdOptions options, ILogger logger, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(options.NodeId)) throw new ArgumentException("ContainerdOptions.NodeId is required", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Namespace)) throw new ArgumentException("ContainerdOptions.Namespace is required", nameof(options));
        _options = options;
        _logger = logger;
        _time = time;
        _connection = new ContainerdConnection(options.SocketPath, options.Namespace, options.RequestTimeout, time);
        _images = new ImageStore(_connection);
        _unpacker = new LayerUnpacker(_connection, options.Snapshotter);
        _ownedFilter = ContainerdNaming.OwnedFilter(options.NodeId);
    }

    public string Name => RuntimeName;

    public bool Handles(WorkloadKind kind) => kind == WorkloadKind.Container;

    public async Task<IReadOnlyList<ObservedWorkload>> ListAsync(CancellationToken cancellationToken)
    {
        var containers = await ListOwnedAsync(_ownedFilter, cancellationToken);
        if (containers.Count == 0) return [];
        var tasks = await _connection.CallAsync("list tasks", o => _connection.Tasks.ListAsync(new ListTasksRequest(), o), cancellationToken);
        var taskOf = new Dictionary<string, Process>(StringComparer.Ordinal);
        // containerd 1.6 names a task by Id (the container id) and leaves ContainerId empty in lists.
        foreach (var task in tasks.Tasks) taskOf.TryAdd(task.ContainerId.Length > 0 ? task.ContainerId : task.Id, task);
        return [.. containers.Select(c => Observe(c, taskOf.GetValueOrDefault(c.Id)))];
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>This node's containers matching <paramref name="filter"/>, checked again locally: the filter is containerd's, the promise is ours.</summary>
    private async Task<List<Container>> ListOwnedAsync(string filter, CancellationToken cancellationToken)
    {
        var response = await _connection.CallAsync("list containers",
            o => _connection.Containers.ListAsync(new ListContainersRequest { Filters = { filter } }, o), cancellationToken);
        var owned = response.Containers.Where(c => ContainerdNaming.IsOwnedBy(c.Labels, _options.NodeId)).ToList();
        foreach (var c in owned) _workloadOf[c.Id] = c.Labels.GetValueOrDefault(ContainerdNaming.WorkloadLabel, "");
        return owned;
    }

    /// <summary>Null when the container is gone; throws when it exists but is not this node's.</summary>
    private async Task<Container?> GetOwnedAsync(string id, string operation, CancellationToken cancellationToken)
    {
        var found = await _connection.CallOrNotFoundAsync(operation,
            o => _connection.Containers.GetAsync(new GetContainerRequest { Id = id }, o), cancellationToken);
        if (found?.Container is not { } container) return null;
        if (!ContainerdNaming.IsOwnedBy(container.Labels, _options.NodeId))
        {
            _workloadOf[id] = "";
            throw new RuntimeException($"containerd: {operation} refused: the container is not managed by node {_options.NodeId}");
        }
        return container;
    }

    private ObservedWorkload Observe(Container container, Process? task)
    {
        var state = task?.Status switch
        {
            null or Status.Created => InstanceState.Created, // no task: made but never started (or the host rebooted)
            Status.Running => InstanceState.Running,
            Status.Stopped => InstanceState.Exited,
            _ => InstanceState.Unknown,
        };
        var labels = container.Labels;
        return new ObservedWorkload
        {
            Name = labels.GetValueOrDefault(ContainerdNaming.WorkloadLabel, ""),
            RuntimeId = container.Id,
            Runtime = Name,
            SpecHash = labels.GetValueOrDefault(ContainerdNaming.SpecHashLabel, ""),
            State = state,
            ExitCode = state == InstanceState.Exited ? (int)task!.ExitStatus : null,
            StartedAt = ContainerdNaming.ParseTime(labels.GetValueOrDefault(ContainerdNaming.StartedAtLabel)),
            FinishedAt = state == InstanceState.Exited ? ToTime(task!.ExitedAt) : null,
            HostPorts = HostPorts(labels.GetValueOrDefault(ContainerdNaming.PortsLabel)),
        };
    }

    /// <summary>On the host network every container port is the node port.</summary>
    private static Dictionary<int, int> HostPorts(string? label)
    {
        var ports = new Dictionary<int, int>();
        foreach (var entry in (label ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = entry.IndexOf('/');
            if (int.TryParse(slash < 0 ? entry : entry[..slash], CultureInfo.InvariantCulture, out var port)) ports.TryAdd(port, port);
        }
        return ports;
    }

    /// <summary>Go's zero time (year 1) means "never".</summary>
    private static DateTimeOffset? ToTime(Google.Protobuf.WellKnownTypes.Timestamp? timestamp) =>
        timestamp is null || timestamp.Seconds <= 0 ? null : timestamp.ToDateTimeOffset();
}
