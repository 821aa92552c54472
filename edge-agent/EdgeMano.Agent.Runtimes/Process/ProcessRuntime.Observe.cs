using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Observation: marker + /proc → state, exit recording, the background poll and log rotation.</summary>
public sealed partial class ProcessRuntime
{
    private async Task<List<ObservedWorkload>> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var markers = _store.ReadAll((path, reason) => ProcessRuntimeLog.MarkerUnreadable(_logger, path, reason));
            return markers.Where(m => m.Node == _options.NodeId).Select(ObserveLocked).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The state of one marker's process; records an exit the first time it is seen. Caller holds the gate.</summary>
    private ObservedWorkload ObserveLocked(ProcessMarker marker)
    {
        if (marker.FinishedAt is not null) return ToObserved(marker, InstanceState.Exited);

        if (_children.TryGetValue(marker.Name, out var child) && child.Pid == marker.Pid)
        {
            // Our own child: only its reaped status counts, so the exit code is never lost to a race with /proc.
            return child.Handle.HasExited
                ? ToObserved(RecordExitLocked(marker, child.Handle.ExitCode), InstanceState.Exited)
                : ToObserved(marker, InstanceState.Running);
        }

        if (ProcFs.IsAlive(marker.Pid, marker.StartTicks))
        {
            if (_adoptionLogged.Add(marker.Name)) ProcessRuntimeLog.Adopted(_logger, marker.Name, marker.Pid, marker.StartedAt);
            return ToObserved(marker, InstanceState.Running);
        }

        if (ProcFs.TryReadStat(marker.Pid, out var ticks, out _) && ticks != marker.StartTicks)
            ProcessRuntimeLog.PidReused(_logger, marker.Name, marker.Pid);
        // Died while adopted (or while no agent ran): the exit code went to whoever reaped it.
        return ToObserved(RecordExitLocked(marker, exitCode: null), InstanceState.Exited);
    }

    /// <summary>Persists the exit once (FinishedAt = now) and tells watchers. Caller holds the gate.</summary>
    private ProcessMarker RecordExitLocked(ProcessMarker marker, int? exitCode)
    {
        var exited = marker with { FinishedAt = _time.GetUtcNow(), ExitCode = exitCode };
        _store.Write(exited);
        if (_children.TryGetValue(marker.Name, out var child) && child.Pid == marker.Pid)
        {
            _children.Remove(marker.Name);
            child.Handle.Dispose();
        }
        ProcessRuntimeLog.Exited(_logger, marker.Name, marker.Pid, exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
        _events.Publish(new RuntimeEvent(marker.Name, RuntimeIdOf(marker), RuntimeEventKind.Exited, exitCode));
        return exited;
    }

    /// <summary>Records the exit of a child of this instance as soon as it is reaped.</summary>
    private async Task WatchChildAsync(string name, SpawnedChild child)
    {
        try
        {
            await child.Handle.WaitForExitAsync(_stopping.Token).ConfigureAwait(false);
            await _gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return; // disposed: the next agent instance observes it through /proc
        }
        try
        {
            if (_store.Read(name) is { FinishedAt: null } marker && marker.Pid == child.Pid && _children.ContainsKey(name))
                RecordExitLocked(marker, child.Handle.ExitCode);
        }
        catch (RuntimeException e)
        {
            ProcessRuntimeLog.BackgroundFailed(_logger, _options.NodeId, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Notices deaths of adopted processes (they are not our children, so nothing tells us) and rotates logs.</summary>
    private async Task RunBackgroundAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ExitPollInterval, _time);
        var nextLogCheck = _time.GetUtcNow() + _options.LogCheckInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var observed = await RefreshAsync(cancellationToken).ConfigureAwait(false);
                    if (_time.GetUtcNow() < nextLogCheck) continue;
                    RotateLogs(observed);
                    nextLogCheck = _time.GetUtcNow() + _options.LogCheckInterval;
                }
                catch (Exception e) when (e is RuntimeException or IOException or UnauthorizedAccessException)
                {
                    ProcessRuntimeLog.BackgroundFailed(_logger, _options.NodeId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }

    private void RotateLogs(IEnumerable<ObservedWorkload> observed)
    {
        foreach (var instance in observed)
        {
            var log = _store.LogPath(instance.Name);
            try
            {
                if (LogRotator.RotateIfLarger(log, _options.LogMaxBytes, _options.LogKeepFiles))
                    ProcessRuntimeLog.LogRotated(_logger, log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ProcessRuntimeLog.LogRotationFailed(_logger, log, e.Message);
            }
        }
    }
}
