using System.Buffers;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Store.Mapping;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Intake;

internal enum DesiredOutcome
{
    /// <summary>Persisted: acknowledge, then wake the reconciler.</summary>
    Accepted,
    /// <summary>The revision in force came again (e.g. the retained message after a reconnect): acknowledge.</summary>
    Unchanged,
    /// <summary>Garbage, too large, for another node, invalid or older: acknowledge anyway, so it is never redelivered forever.</summary>
    Dropped,
    /// <summary>The store could not write it: do not acknowledge; the broker delivers it again after a reconnect.</summary>
    NotPersisted,
}

internal sealed record DesiredReceipt(DesiredOutcome Outcome, long Revision, string? Reason = null)
{
    public bool Acknowledge => Outcome != DesiredOutcome.NotPersisted;
}

/// <summary>
/// Desired state from the plane, MQTT or gRPC alike: size check, protobuf, mapping, then
/// <see cref="DesiredStateIntake.Offer"/> — the one door, which validates, accepts only a newer
/// revision and persists before it returns. Each drop is logged once with its reason (the same
/// retained garbage arriving again after every reconnect is logged at debug level).
/// </summary>
internal sealed class DesiredStateReceiver(UplinkOptions options, IAgentStore store, ILogger logger)
{
    private string? _lastDropReason;

    public DesiredReceipt Receive(ReadOnlySequence<byte> payload)
    {
        if (payload.Length > options.MaxDesiredBytes)
            return Drop($"payload of {payload.Length} bytes is larger than the {options.MaxDesiredBytes}-byte limit");
        if (payload.Length == 0)
            return Drop("empty payload (the retained desired state was cleared)");
        Wire.DesiredState message;
        try
        {
            message = Wire.DesiredState.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Drop($"payload of {payload.Length} bytes is not a protobuf DesiredState ({ex.Message})");
        }
        return Receive(message);
    }

    public DesiredReceipt Receive(Wire.DesiredState message)
    {
        if (message.Revision <= 0)
            return Drop($"revision: {message.Revision} is not a plane revision (must be 1 or more)");
        Core.Model.DesiredState offered;
        try
        {
            offered = DesiredStateProtoMapper.FromProto(message);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return Drop(ex.Message);
        }

        IntakeResult result;
        try
        {
            result = DesiredStateIntake.Offer(store, offered, options.NodeId);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            UplinkLog.DesiredNotPersisted(logger, ex.Message);
            return new DesiredReceipt(DesiredOutcome.NotPersisted, 0, ex.Message);
        }
        if (result.Accepted)
        {
            _lastDropReason = null;
            UplinkLog.DesiredAccepted(logger, result.Revision, offered.Workloads.Count);
            return new DesiredReceipt(DesiredOutcome.Accepted, result.Revision);
        }
        if (result.Revision == message.Revision && result.Errors.All(e => e.StartsWith("revision:", StringComparison.Ordinal)))
        {
            UplinkLog.DesiredUnchanged(logger, result.Revision);
            return new DesiredReceipt(DesiredOutcome.Unchanged, result.Revision);
        }
        return Drop($"revision {message.Revision}: {result.ErrorText}", result.Revision);
    }

    private DesiredReceipt Drop(string reason, long? inForce = null)
    {
        var revision = inForce ?? CurrentRevision();
        if (reason == _lastDropReason) UplinkLog.DesiredDroppedAgain(logger, reason);
        else UplinkLog.DesiredDropped(logger, reason, revision);
        _lastDropReason = reason;
        return new DesiredReceipt(DesiredOutcome.Dropped, revision, reason);
    }

    private long CurrentRevision()
    {
        try { return store.LoadDesired()?.Revision ?? 0; }
        catch (IOException) { return 0; }
    }
}
