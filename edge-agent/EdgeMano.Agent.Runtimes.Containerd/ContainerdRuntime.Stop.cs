using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Containers;
using EdgeMano.Agent.Runtimes.Containerd.Api.Snapshots;
using EdgeMano.Agent.Runtimes.Containerd.Api.Tasks;
using Grpc.Core;

namespace EdgeMano.Agent.Runtimes.Containerd;

internal sealed partial class ContainerdRuntime
{
    private const uint SigTerm = 15;
    private const uint SigKill = 9;

    public async Task RemoveAsync(ObservedWorkload instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        var operation = $"remove container of {instance.Name} ({instance.RuntimeId})";
        if (await GetOwnedAsync(instance.RuntimeId, operation, cancellationToken) is not { } container) return; // already gone
        await StopAndDeleteAsync(container, grace, cancellationToken);
    }

    /// <summary>SIGTERM, SIGKILL after <paramref name="grace"/>, then task, container, root filesystem snapshot and log go.</summary>
    private async Task StopAndDeleteAsync(Container container, TimeSpan grace, CancellationToken cancellationToken)
    {
        var id = container.Id;
        if (await KillAsync(id, SigTerm, all: false, cancellationToken) && !await WaitExitAsync(id, grace, cancellationToken))
        {
            ContainerdRuntimeLog.KillingAfterGrace(_logger, id, grace);
            if (await KillAsync(id, SigKill, all: true, cancellationToken) && !await WaitExitAsync(id, _options.RequestTimeout, cancellationToken))
                throw new RuntimeException($"containerd: stop container {id}: still running {_options.RequestTimeout.TotalSeconds:0} s after SIGKILL");
        }
        await DeleteTaskAsync(id, cancellationToken);
        await _connection.CallOrNotFoundAsync($"delete container {id}",
            o => _connection.Containers.DeleteAsync(new DeleteContainerRequest { Id = id }, o), cancellationToken);
        if (container.SnapshotKey.Length > 0)
            await _connection.CallOrNotFoundAsync($"delete root filesystem of container {id}", o => _connection.Snapshots.RemoveAsync(
                new RemoveSnapshotRequest { Snapshotter = container.Snapshotter, Key = container.SnapshotKey }, o), cancellationToken);
        DeleteLog(id);
    }

    /// <summary>False when there is no process to signal (no task, or it already exited).</summary>
    private async Task<bool> KillAsync(string id, uint signal, bool all, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.Tasks.KillAsync(new KillRequest { ContainerId = id, Signal = signal, All = all }, _connection.Options(cancellationToken));
            return true;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            return false; // "process already finished" or no task
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw _connection.Failure(e, $"signal {signal} to container {id}");
        }
    }

    /// <summary>True when the task's init process exited (or there is none) within <paramref name="limit"/>.</summary>
    private async Task<bool> WaitExitAsync(string id, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.Tasks.WaitAsync(new WaitRequest { ContainerId = id }, _connection.Options(cancellationToken, timeout: limit));
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return false;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return true;
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw _connection.Failure(e, $"wait for container {id} to stop");
        }
    }

    private Task DeleteTaskAsync(string id, CancellationToken cancellationToken) =>
        _connection.CallOrNotFoundAsync($"delete task of container {id}",
            o => _connection.Tasks.DeleteAsync(new DeleteTaskRequest { ContainerId = id }, o), cancellationToken);

    private async Task DeleteTaskQuietlyAsync(string id)
    {
        try
        {
            await KillAsync(id, SigKill, all: true, CancellationToken.None);
            await WaitExitAsync(id, TimeSpan.FromSeconds(10), CancellationToken.None);
            await DeleteTaskAsync(id, CancellationToken.None);
        }
        catch (RuntimeException e)
        {
            ContainerdRuntimeLog.CleanupFailed(_logger, id, e.Message);
        }
    }

    /// <summary>Undoes a create that failed half-way; the original error is the one that matters.</summary>
    private async Task DeleteQuietlyAsync(Container container)
    {
        try
        {
            await StopAndDeleteAsync(container, TimeSpan.Zero, CancellationToken.None);
        }
        catch (RuntimeException e)
        {
            ContainerdRuntimeLog.CleanupFailed(_logger, container.Id, e.Message);
        }
    }

    private async Task RemoveSnapshotQuietlyAsync(string snapshotter, string key)
    {
        try
        {
            await _connection.CallOrNotFoundAsync($"delete snapshot {key}", o => _connection.Snapshots.RemoveAsync(
                new RemoveSnapshotRequest { Snapshotter = snapshotter, Key = key }, o), CancellationToken.None);
        }
        catch (RuntimeException e)
        {
            ContainerdRuntimeLog.CleanupFailed(_logger, key, e.Message);
        }
    }

    private void DeleteLog(string id)
    {
        // As Docker removes a container's log with the container.
        try
        {
            File.Delete(LogPath(id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ContainerdRuntimeLog.CleanupFailed(_logger, id, e.Message);
        }
    }
}
