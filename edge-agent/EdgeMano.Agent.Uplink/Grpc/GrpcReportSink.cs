using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Reporting;
using Grpc.Core;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Grpc;

/// <summary>
/// Status and events as AgentMessages on the Sync stream. Events count as delivered when the plane's
/// EventAck covers them (it stores them first); the reader of the stream reports acks through <see cref="Acked"/>.
/// </summary>
internal sealed class GrpcReportSink(IClientStreamWriter<Wire.AgentMessage> writer, TimeSpan ackTimeout, TimeProvider time) : IReportSink
{
    private readonly SemaphoreSlim _ackArrived = new(0);
    private long _acked;

    /// <summary>The highest sequence the plane has acknowledged on this stream.</summary>
    public long AckedSequence => Interlocked.Read(ref _acked);

    public void Acked(long sequence)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _acked);
            if (sequence <= current) return;
        }
        while (Interlocked.CompareExchange(ref _acked, sequence, current) != current);
        _ackArrived.Release();
    }

    public Task SendStatusAsync(Wire.NodeStatus status, CancellationToken cancellationToken) =>
        WriteAsync(new Wire.AgentMessage { Status = status }, "status", cancellationToken);

    public async Task<int> SendEventsAsync(IReadOnlyList<Wire.Event> events, CancellationToken cancellationToken)
    {
        foreach (var e in events) await WriteAsync(new Wire.AgentMessage { Event = e }, $"event {e.Sequence}", cancellationToken).ConfigureAwait(false);
        var last = events[^1].Sequence;
        var deadline = time.GetUtcNow() + ackTimeout;
        while (AckedSequence < last)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero || !await _ackArrived.WaitAsync(left, cancellationToken).ConfigureAwait(false))
                throw new LinkException($"the plane did not acknowledge events up to {last} within {ackTimeout.TotalSeconds:0} s");
        }
        return events.Count;
    }

    private async Task WriteAsync(Wire.AgentMessage message, string what, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new LinkException($"sending {what} failed: {GrpcErrors.Describe(ex)}", ex);
        }
    }
}

internal static class GrpcErrors
{
    public static string Describe(Exception ex) => ex is RpcException rpc
        ? (rpc.StatusCode, rpc.Status.DebugException) switch
        {
            (StatusCode.Unavailable, { } inner) => LinkErrors.Describe(inner),
            _ => string.IsNullOrEmpty(rpc.Status.Detail) ? rpc.StatusCode.ToString() : $"{rpc.StatusCode}: {rpc.Status.Detail}",
        }
        : LinkErrors.Describe(ex);
}
