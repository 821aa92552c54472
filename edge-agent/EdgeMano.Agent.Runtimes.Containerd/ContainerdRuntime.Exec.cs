using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Containers;
using EdgeMano.Agent.Runtimes.Containerd.Api.Tasks;
using EdgeMano.Agent.Runtimes.Containerd.Oci;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EdgeMano.Agent.Runtimes.Containerd;

internal sealed partial class ContainerdRuntime
{
    /// <summary>What <c>docker exec</c> answers when the command cannot be started (not found, not executable).</summary>
    private const int CannotInvoke = 126;

    /// <summary>
    /// Where a probe's output goes. Without stdio the shim leaves the exec process no usable stdout, so
    /// any probe that prints (`cat /www/health`) failed with exit 1 although the file was there.
    /// </summary>
    private const string DiscardOutput = "file:///dev/null";

    public async Task<int> ExecAsync(ObservedWorkload instance, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var operation = $"exec in container of {instance.Name} ({instance.RuntimeId})";
        // The timeout bounds the whole call, the ownership check included: a probe must never hang.
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var id = instance.RuntimeId;
        var execId = "probe-" + Guid.NewGuid().ToString("N")[..12];
        var created = false;
        try
        {
            var container = await GetOwnedAsync(id, operation, linked.Token)
                ?? throw new RuntimeException($"containerd: {operation} failed: the container no longer exists");
            var request = new ExecProcessRequest
            {
                ContainerId = id, ExecId = execId, Spec = ProcessSpec(container, command, operation), Stdout = DiscardOutput, Stderr = DiscardOutput,
            };
            await _connection.CallAsync(operation, o => _connection.Tasks.ExecAsync(request, o), linked.Token);
            created = true;
            try
            {
                await _connection.Tasks.StartAsync(new StartRequest { ContainerId = id, ExecId = execId }, _connection.Options(linked.Token));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unknown or StatusCode.Internal or StatusCode.FailedPrecondition)
            {
                // runc could not start the command: a failed probe, not a driver error.
                ContainerdRuntimeLog.ExecNotStarted(_logger, id, e.Status.Detail);
                return CannotInvoke;
            }
            var waited = await _connection.CallAsync(operation,
                o => _connection.Tasks.WaitAsync(new WaitRequest { ContainerId = id, ExecId = execId }, o), linked.Token, timeout: timeout + _options.RequestTimeout);
            return (int)waited.ExitStatus;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ContainerdRuntimeLog.ExecTimedOut(_logger, id, timeout);
            return -1;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ContainerdRuntimeLog.ExecTimedOut(_logger, id, timeout);
            return -1;
        }
        finally
        {
            // The exec process is removed whatever happened; one that outlived the timeout is killed first.
            // Not awaited on the probe's path: the probe result must not wait for the cleanup.
            if (created) _ = RemoveExecQuietlyAsync(id, execId);
        }
    }

    /// <summary>The container's own process (user, env, cwd, capabilities) with the probe's command.</summary>
    private static Any ProcessSpec(Container container, IReadOnlyList<string> command, string operation)
    {
        OciSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(container.Spec.Value.Span, ContainerdJsonContext.Default.OciSpec);
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"containerd: {operation} failed: the container's runtime spec is unreadable: {e.Message}", e);
        }
        var process = (spec?.Process ?? throw new RuntimeException($"containerd: {operation} failed: the container has no runtime spec"))
            with { Args = [.. command], Terminal = false };
        return new Any
        {
            TypeUrl = OciSpecBuilder.ProcessTypeUrl,
            Value = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(process, ContainerdJsonContext.Default.OciProcess)),
        };
    }

    private async Task RemoveExecQuietlyAsync(string id, string execId)
    {
        try
        {
            using var limit = new CancellationTokenSource(_options.RequestTimeout, _time);
            try
            {
                await _connection.Tasks.KillAsync(new KillRequest { ContainerId = id, ExecId = execId, Signal = SigKill }, _connection.Options(limit.Token));
                await _connection.Tasks.WaitAsync(new WaitRequest { ContainerId = id, ExecId = execId }, _connection.Options(limit.Token));
            }
            catch (RpcException)
            {
                // Already exited (or never started): nothing to kill or wait for.
            }
            await _connection.Tasks.DeleteProcessAsync(new DeleteProcessRequest { ContainerId = id, ExecId = execId }, _connection.Options(limit.Token));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Gone with its task.
        }
        catch (RpcException e)
        {
            ContainerdRuntimeLog.CleanupFailed(_logger, $"{id}/{execId}", e.Status.Detail);
        }
    }
}
