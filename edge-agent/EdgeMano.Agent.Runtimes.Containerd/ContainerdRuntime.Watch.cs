using System.Runtime.CompilerServices;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Containers;
using EdgeMano.Agent.Runtimes.Containerd.Api.Events;
using Grpc.Core;

namespace EdgeMano.Agent.Runtimes.Containerd;

internal sealed partial class ContainerdRuntime
{
    private static readonly string[] WatchedTopics = ["/tasks/exit", "/tasks/delete", "/tasks/start", "/containers/delete"];

    public async IAsyncEnumerable<RuntimeEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribers see every namespace unless they filter; filters are ORed, terms within one ANDed.
        var request = new SubscribeRequest();
        foreach (var topic in WatchedTopics) request.Filters.Add($"namespace=={_options.Namespace},topic==\"{topic}\"");
        using var call = _connection.Events.Subscribe(request, _connection.Options(cancellationToken, stream: true));
        while (await NextEnvelopeAsync(call.ResponseStream, cancellationToken) is { } envelope)
            if (await ToRuntimeEventAsync(envelope, cancellationToken) is { } runtimeEvent)
                yield return runtimeEvent;
    }

    /// <summary>Null when cancelled or when containerd closed the stream; a broken stream throws (the caller resubscribes).</summary>
    private async Task<Envelope?> NextEnvelopeAsync(IAsyncStreamReader<Envelope> stream, CancellationToken cancellationToken)
    {
        try
        {
            if (await stream.MoveNext(cancellationToken)) return stream.Current;
            ContainerdRuntimeLog.EventStreamLost(_logger, _connection.Endpoint, "containerd closed it");
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (RpcException e)
        {
            throw _connection.Failure(e, "watch task events");
        }
    }

    private async Task<RuntimeEvent?> ToRuntimeEventAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        var payload = envelope.Event?.Value;
        if (payload is null) return null;
        // An exec (probe) process has its own id; only the container's init process is the workload.
        var (id, kind, exitCode) = envelope.Topic switch
        {
            "/tasks/exit" when TaskExit.Parser.ParseFrom(payload) is var e && (e.Id.Length == 0 || e.Id == e.ContainerId) =>
                (e.ContainerId, RuntimeEventKind.Exited, (int?)(int)e.ExitStatus),
            "/tasks/delete" when TaskDelete.Parser.ParseFrom(payload) is var d && (d.Id.Length == 0 || d.Id == d.ContainerId) =>
                (d.ContainerId, RuntimeEventKind.Exited, (int?)(int)d.ExitStatus),
            "/tasks/start" when TaskStart.Parser.ParseFrom(payload) is var s => (s.ContainerId, RuntimeEventKind.Started, null),
            "/containers/delete" when ContainerDelete.Parser.ParseFrom(payload) is var c => (c.Id, RuntimeEventKind.Removed, null),
            _ => ("", RuntimeEventKind.Exited, null),
        };
        if (id.Length == 0) return null;
        var workload = kind == RuntimeEventKind.Removed
            ? (_workloadOf.TryRemove(id, out var known) ? known : "") // the container is gone: only what we saw before counts
            : await WorkloadOfAsync(id, cancellationToken);
        return workload.Length == 0 ? null : new RuntimeEvent(workload, id, kind, exitCode);
    }

    /// <summary>The workload of one of this node's containers, or "" for anyone else's.</summary>
    private async Task<string> WorkloadOfAsync(string id, CancellationToken cancellationToken)
    {
        if (_workloadOf.TryGetValue(id, out var workload)) return workload;
        try
        {
            var found = await _connection.CallOrNotFoundAsync($"look up container {id}",
                o => _connection.Containers.GetAsync(new GetContainerRequest { Id = id }, o), cancellationToken);
            if (found?.Container is not { } container) return "";
            workload = ContainerdNaming.IsOwnedBy(container.Labels, _options.NodeId)
                ? container.Labels.GetValueOrDefault(ContainerdNaming.WorkloadLabel, "")
                : "";
            _workloadOf[id] = workload;
            return workload;
        }
        catch (RuntimeException e)
        {
            // One event lost is survivable (the periodic resync sees the state); a broken watch would be noisier.
            ContainerdRuntimeLog.EventLookupFailed(_logger, id, e.Message);
            return "";
        }
    }
}
