using EdgeMano.Agent.Uplink.Intake;
using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Reporting;
using Grpc.Core;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Grpc;

/// <summary>
/// One AgentSync.Sync stream, independent of the transport so it can be tested message by message:
/// opens with a status carrying NodeInfo (it names the node), then reads the plane's messages —
/// desired state through the same intake as MQTT, acknowledged by the status that follows; event
/// acks releasing the outbox — while the <see cref="ReportPump"/> writes.
/// </summary>
internal sealed class SyncSession(DesiredStateReceiver receiver, ReportPump pump, INodeStateSource node, LinkState state, TimeSpan ackTimeout, TimeProvider time)
{
    /// <summary>Runs until the stream ends; returns why. Throws when the stream could not be opened.</summary>
    public async Task<string> RunAsync(IAsyncStreamReader<Wire.PlaneMessage> reader, IClientStreamWriter<Wire.AgentMessage> writer, CancellationToken cancellationToken)
    {
        var sink = new GrpcReportSink(writer, ackTimeout, time);
        await pump.SendStatusAsync(sink, cancellationToken).ConfigureAwait(false);
        state.Connected("");

        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(reader, sink, stream.Token);
        var pumping = pump.RunAsync(sink, stream.Token, statusSent: true);
        var ended = await Task.WhenAny(reading, pumping).ConfigureAwait(false);
        stream.Cancel();
        string reason;
        try
        {
            reason = ended == reading ? await reading.ConfigureAwait(false) : "report pump stopped";
            if (ended == pumping) await pumping.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
        catch (Exception ex) { reason = ex is LinkException ? ex.Message : GrpcErrors.Describe(ex); }
        try { await Task.WhenAll(reading, pumping).ConfigureAwait(false); }
        catch (Exception) { /* the stream is gone; the first failure was reported above */ }
        cancellationToken.ThrowIfCancellationRequested();
        return reason;
    }

    private async Task<string> ReadAsync(IAsyncStreamReader<Wire.PlaneMessage> reader, GrpcReportSink sink, CancellationToken cancellationToken)
    {
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var message = reader.Current;
            switch (message.BodyCase)
            {
                case Wire.PlaneMessage.BodyOneofCase.Desired:
                    var receipt = receiver.Receive(message.Desired);
                    // Not persisted: end the stream; the plane sends the desired state again on the next one.
                    if (!receipt.Acknowledge) return "the desired state could not be persisted";
                    if (receipt.Outcome == DesiredOutcome.Accepted) node.Trigger();
                    // The status that follows is the acknowledgement: it carries the revision in force.
                    pump.RequestStatus();
                    break;
                case Wire.PlaneMessage.BodyOneofCase.EventAck:
                    sink.Acked(message.EventAck.Sequence);
                    break;
            }
        }
        return "the plane closed the stream";
    }
}
