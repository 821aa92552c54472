using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Stopping (TERM → grace → KILL of the whole process group) and exec probes.</summary>
public sealed partial class ProcessRuntime
{
    /// <summary>Exit code reported for an exec that was killed at its timeout (as coreutils' timeout does).</summary>
    internal const int ExecTimedOutExitCode = 124;

    private static readonly TimeSpan SignalPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan AfterKillWait = TimeSpan.FromSeconds(5);

    public async Task RemoveAsync(ObservedWorkload instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (grace < TimeSpan.Zero) grace = _options.StopGrace;

        ProcessMarker? marker;
        bool running;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            marker = _store.Read(instance.Name);
            if (marker is null) return; // already gone: removing is idempotent
            var current = marker;
            running = CheckLocked(ref current) == InstanceState.Running;
        }
        finally
        {
            _gate.Release();
        }

        // Signal outside the gate: a long grace must not stall List or exit recording of other workloads.
        if (running) await StopGroupAsync(marker, grace, cancellationToken).ConfigureAwait(false);

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_store.Read(instance.Name) is { } current && _children.TryGetValue(current.Name, out var child) && child.Pid == current.Pid)
            {
                _children.Remove(current.Name);
                child.Handle.Dispose();
            }
            _store.Delete(instance.Name);
        }
        finally
        {
            _gate.Release();
        }
        ProcessRuntimeLog.Removed(_logger, marker.Name, marker.Pid);
        _events.Publish(new RuntimeEvent(marker.Name, RuntimeIdOf(marker), RuntimeEventKind.Removed));
    }

    /// <summary>
    /// SIGTERM to the group, wait for the leader and the rest of the group up to the grace, then SIGKILL.
    /// Ownership (PID + start time) is checked right before the first signal, so a reused PID is never hit.
    /// </summary>
    private async Task StopGroupAsync(ProcessMarker marker, TimeSpan grace, CancellationToken cancellationToken)
    {
        var pid = marker.Pid;
        if (!ProcFs.IsAlive(pid, marker.StartTicks)) return;
        if (grace > TimeSpan.Zero && Libc.SignalGroupOrProcess(pid, Libc.SIGTERM))
        {
            var deadline = _time.GetUtcNow() + grace;
            while (_time.GetUtcNow() < deadline && (ProcFs.IsAlive(pid, marker.StartTicks) || Libc.GroupExists(pid)))
                await Task.Delay(SignalPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
        // The leader's PID cannot be handed out again while its group still has members, so the group is still ours.
        var leaderAlive = ProcFs.IsAlive(pid, marker.StartTicks);
        if (!leaderAlive && !Libc.GroupExists(pid)) return;
        if (grace > TimeSpan.Zero) ProcessRuntimeLog.KilledAfterGrace(_logger, marker.Name, pid, grace);
        Libc.SignalGroupOrProcess(pid, Libc.SIGKILL);
        var killDeadline = _time.GetUtcNow() + AfterKillWait;
        while (_time.GetUtcNow() < killDeadline && ProcFs.IsAlive(pid, marker.StartTicks))
            await Task.Delay(SignalPollInterval, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="command"/> on the host with the workload's environment and working
    /// directory (a process has no "inside"). Output is discarded; at the timeout the command's
    /// whole process group is killed and <see cref="ExecTimedOutExitCode"/> is returned.
    /// </summary>
    public async Task<int> ExecAsync(ObservedWorkload instance, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(command);
        var marker = _store.Read(instance.Name)
            ?? throw new RuntimeException($"process: cannot exec in workload '{instance.Name}': it does not exist on node {_options.NodeId}");

        using var exec = ProcessLauncher.StartExec(command, marker.Env, marker.WorkingDir);
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        try
        {
            await exec.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            return exec.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Before setsid ran the command is not yet a group leader: then kill the shell itself.
            if (!exec.HasExited && !Libc.SignalGroup(exec.Id, Libc.SIGKILL)) exec.Kill();
            using var reap = new CancellationTokenSource(AfterKillWait);
            try
            {
                await exec.WaitForExitAsync(reap.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { }
            cancellationToken.ThrowIfCancellationRequested();
            return ExecTimedOutExitCode;
        }
    }
}
