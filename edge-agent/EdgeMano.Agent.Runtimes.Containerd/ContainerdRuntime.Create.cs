using System.Text.Json;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Containers;
using EdgeMano.Agent.Runtimes.Containerd.Api.Snapshots;
using EdgeMano.Agent.Runtimes.Containerd.Api.Tasks;
using EdgeMano.Agent.Runtimes.Containerd.Api.Types;
using EdgeMano.Agent.Runtimes.Containerd.Images;
using EdgeMano.Agent.Runtimes.Containerd.Oci;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace EdgeMano.Agent.Runtimes.Containerd;

internal sealed partial class ContainerdRuntime
{
    public async Task<ObservedWorkload> CreateAsync(WorkloadSpec spec, string specHash, CancellationToken cancellationToken)
    {
        if (!Handles(spec.Kind)) throw new RuntimeException($"containerd: workload {spec.Name} is of kind {spec.Kind}, not a container");
        if (string.IsNullOrWhiteSpace(spec.Image)) throw new RuntimeException($"containerd: workload {spec.Name} names no image");
        OciSpecBuilder.CheckNetworking(spec);

        var image = await _images.ResolveAsync(spec.Image, cancellationToken);
        var id = ContainerdNaming.NewContainerId(_options.NodeId, spec.Name);
        var ociSpec = OciSpecBuilder.Build(spec, image, id, _options.Namespace, _options.InitPath);
        await RemoveStaleAsync(spec.Name, cancellationToken);

        var container = new Container
        {
            Id = id,
            Image = image.Name,
            Runtime = new Container.Types.Runtime { Name = _options.RuntimeType },
            Spec = new Any { TypeUrl = OciSpecBuilder.SpecTypeUrl, Value = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(ociSpec, ContainerdJsonContext.Default.OciSpec)) },
            Snapshotter = _options.Snapshotter,
            SnapshotKey = id,
        };
        // The spec's labels first, ours last: a spec cannot claim or disown ownership.
        foreach (var (key, value) in spec.Labels) container.Labels[key] = value;
        container.Labels[ContainerdNaming.ManagedLabel] = "true";
        container.Labels[ContainerdNaming.NodeLabel] = _options.NodeId;
        container.Labels[ContainerdNaming.WorkloadLabel] = spec.Name;
        container.Labels[ContainerdNaming.SpecHashLabel] = specHash;
        if (spec.Ports.Count > 0)
            container.Labels[ContainerdNaming.PortsLabel] = string.Join(',', spec.Ports.Select(p => $"{p.ContainerPort}/{(p.Protocol.Length == 0 ? "tcp" : p.Protocol.ToLowerInvariant())}"));

        RepeatedField<Mount> rootfs;
        await using (var lease = await ContainerdLease.CreateAsync(_connection, _time, cancellationToken))
        {
            if (!await _unpacker.IsUnpackedAsync(image, cancellationToken))
            {
                ContainerdRuntimeLog.UnpackingImage(_logger, image.Reference, _options.Snapshotter);
                await _unpacker.UnpackAsync(image, lease.Id, cancellationToken);
            }
            rootfs = (await _connection.CallAsync($"prepare root filesystem of {id} from {spec.Image}", o => _connection.Snapshots.PrepareAsync(
                new PrepareSnapshotRequest { Snapshotter = _options.Snapshotter, Key = id, Parent = image.ChainId }, o), cancellationToken, lease.Id)).Mounts;
            try
            {
                await _connection.CallAsync($"create container {id} from {spec.Image}",
                    o => _connection.Containers.CreateAsync(new CreateContainerRequest { Container = container }, o), cancellationToken, lease.Id);
            }
            catch
            {
                await RemoveSnapshotQuietlyAsync(_options.Snapshotter, id);
                throw;
            }
        }
        _workloadOf[id] = spec.Name;

        DateTimeOffset startedAt;
        try
        {
            startedAt = await StartTaskAsync(id, rootfs, cancellationToken);
        }
        catch
        {
            // A container that could not start (bad command, mount refused) is not left behind half-made.
            await DeleteQuietlyAsync(container);
            throw;
        }
        ContainerdRuntimeLog.ContainerCreated(_logger, id, spec.Name, spec.Image);
        return new ObservedWorkload
        {
            Name = spec.Name,
            RuntimeId = id,
            Runtime = Name,
            SpecHash = specHash,
            State = InstanceState.Running,
            StartedAt = startedAt,
            HostPorts = spec.Ports.ToDictionary(p => p.ContainerPort, p => p.ContainerPort),
        };
    }

    public async Task StartAsync(ObservedWorkload instance, CancellationToken cancellationToken)
    {
        var operation = $"start container of {instance.Name} ({instance.RuntimeId})";
        var container = await GetOwnedAsync(instance.RuntimeId, operation, cancellationToken)
            ?? throw new RuntimeException($"containerd: {operation} failed: the container no longer exists");
        var task = (await _connection.CallOrNotFoundAsync(operation,
            o => _connection.Tasks.GetAsync(new GetRequest { ContainerId = container.Id }, o), cancellationToken))?.Process;
        switch (task?.Status)
        {
            case Status.Running:
                return;
            case Status.Created:
                // Made but never started (an agent stopped in between): start what is there.
                await _connection.CallAsync(operation, o => _connection.Tasks.StartAsync(new StartRequest { ContainerId = container.Id }, o), cancellationToken);
                await RecordStartAsync(container.Id, _time.GetUtcNow(), cancellationToken);
                return;
            case not null:
                // A stopped task keeps its exit status until deleted; a new one starts from the same container.
                await DeleteTaskAsync(container.Id, cancellationToken);
                break;
        }
        var mounts = await _connection.CallAsync($"mounts of the root filesystem of {container.Id}", o => _connection.Snapshots.MountsAsync(
            new MountsRequest { Snapshotter = container.Snapshotter, Key = container.SnapshotKey }, o), cancellationToken);
        await StartTaskAsync(container.Id, mounts.Mounts, cancellationToken);
    }

    /// <summary>Creates and starts the task (the process) of a container; stdout and stderr go to its log file.</summary>
    private async Task<DateTimeOffset> StartTaskAsync(string id, RepeatedField<Mount> rootfs, CancellationToken cancellationToken)
    {
        var log = LogPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        // The runc v2 shim opens file:// URIs itself (append): no fifo copier is needed in the agent.
        var logUri = new Uri(log).AbsoluteUri;
        var request = new CreateTaskRequest { ContainerId = id, Stdout = logUri, Stderr = logUri, Rootfs = { rootfs } };
        await _connection.CallAsync($"create task of container {id}", o => _connection.Tasks.CreateAsync(request, o), cancellationToken);
        try
        {
            await _connection.CallAsync($"start task of container {id}",
                o => _connection.Tasks.StartAsync(new StartRequest { ContainerId = id }, o), cancellationToken);
        }
        catch
        {
            await DeleteTaskQuietlyAsync(id);
            throw;
        }
        var startedAt = _time.GetUtcNow();
        await RecordStartAsync(id, startedAt, cancellationToken);
        return startedAt;
    }

    /// <summary>containerd keeps no start time; the label is what ListAsync reports as StartedAt.</summary>
    private Task RecordStartAsync(string id, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var update = new UpdateContainerRequest
        {
            Container = new Container { Id = id, Labels = { [ContainerdNaming.StartedAtLabel] = ContainerdNaming.FormatTime(startedAt) } },
            UpdateMask = new FieldMask { Paths = { "labels." + ContainerdNaming.StartedAtLabel } },
        };
        return _connection.CallAsync($"record start of container {id}", o => _connection.Containers.UpdateAsync(update, o), cancellationToken);
    }

    /// <summary>Containers of this node left for the same workload (a crash mid-recreate) go before a new one is made.</summary>
    private async Task RemoveStaleAsync(string workload, CancellationToken cancellationToken)
    {
        foreach (var stale in await ListOwnedAsync(ContainerdNaming.OwnedFilter(_options.NodeId, workload), cancellationToken))
        {
            if (stale.Labels.GetValueOrDefault(ContainerdNaming.WorkloadLabel) != workload) continue;
            ContainerdRuntimeLog.RemovingStaleContainer(_logger, stale.Id, workload);
            await StopAndDeleteAsync(stale, _options.StopGrace, cancellationToken);
        }
    }

    private string LogPath(string id) => Path.Combine(Path.GetFullPath(_options.LogDirectory), id + ".log");
}
