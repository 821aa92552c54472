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
            _store.ReadAll(_scanned, _onUnreadableMarker);
            var observed = new List<ObservedWorkload>(_scanned.Count);
            foreach (var marker in _scanned)
                if (marker.Node == _options.NodeId) observed.Add(ObserveLocked(marker));
            return observed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// What <see cref="RefreshAsync"/> does for the background check, without building observations:
    /// notices exits (and adoptions) and, when <paramref name="collectNames"/>, fills <see cref="_polledNames"/>.
    /// Runs twice a second on an idle node, so it allocates nothing when nothing changed.
    /// </summary>
    private async Task PollAsync(bool collectNames, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _store.ReadAll(_scanned, _onUnreadableMarker);
            _polledNames.Clear();
            foreach (var marker in _scanned)
            {
                if (marker.Node != _options.NodeId) continue;
                var current = marker;
                CheckLocked(ref current);
                if (collectNames) _polledNames.Add(current.Name);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The state of one marker's process; records an exit the first time it is seen. Caller holds the gate.</summary>
    private ObservedWorkload ObserveLocked(ProcessMarker marker)
    {
        var state = CheckLocked(ref marker);
        return ToObserved(marker, state);
    }

    /// <summary>
    /// Running or Exited; on an exit seen for the first time it is recorded and <paramref name="marker"/>
    /// becomes the updated marker. Caller holds the gate.
    /// </summary>
    private InstanceState CheckLocked(ref ProcessMarker marker)
    {
        if (marker.FinishedAt is not null) return InstanceState.Exited;

        if (_children.TryGetValue(marker.Name, out var child) && child.Pid == marker.Pid)
        {
            // Our own child: only its reaped status counts, so the exit code is never lost to a race with /proc.
            if (!child.Handle.HasExited) return InstanceState.Running;
            marker = RecordExitLocked(marker, child.Handle.ExitCode);
            return InstanceState.Exited;
        }

        if (ProcFs.IsAlive(marker.Pid, marker.StartTicks))
        {
            if (_adoptionLogged.Add(marker.Name)) ProcessRuntimeLog.Adopted(_logger, marker.Name, marker.Pid, marker.StartedAt);
            return InstanceState.Running;
        }

        if (ProcFs.TryReadStat(marker.Pid, out var ticks, out _) && ticks != marker.StartTicks)
            ProcessRuntimeLog.PidReused(_logger, marker.Name, marker.Pid);
        // Died while adopted (or while no agent ran): the exit code went to whoever reaped it.
        marker = RecordExitLocked(marker, exitCode: null);
        return InstanceState.Exited;
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
                    var rotate = _time.GetUtcNow() >= nextLogCheck;
                    await PollAsync(collectNames: rotate, cancellationToken).ConfigureAwait(false);
                    if (!rotate) continue;
                    RotateLogs(_polledNames, static name => name);
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

    /// <summary>
    /// Rotates the log of each workload that has outgrown the limit. The FileInfo of each log is kept
    /// between calls (a stat refreshes it), so an idle check allocates nothing; one caller at a time.
    /// </summary>
    private void RotateLogs<T>(List<T> workloads, Func<T, string> nameOf)
    {
        lock (_logGate)
        {
            foreach (var workload in workloads)
            {
                var name = nameOf(workload);
                if (!_logFiles.TryGetValue(name, out var log)) log = new FileInfo(_store.LogPath(name));
                _logFilesNext[name] = log;
                try
                {
                    if (LogRotator.RotateIfLarger(log, _options.LogMaxBytes, _options.LogKeepFiles))
                        ProcessRuntimeLog.LogRotated(_logger, log.FullName);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    ProcessRuntimeLog.LogRotationFailed(_logger, log.FullName, e.Message);
                }
            }
            // Only the logs of current workloads are kept: swap the two maps instead of building a new one.
            (_logFiles, _logFilesNext) = (_logFilesNext, _logFiles);
            _logFilesNext.Clear();
        }
    }
}
