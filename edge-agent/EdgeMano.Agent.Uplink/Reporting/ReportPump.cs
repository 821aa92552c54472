using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Uplink.Reporting;

/// <summary>
/// Sends status and events while a link is up, one message in flight at a time. Status is a
/// snapshot built at send time: changes mark it dirty and the next tick (the debounce) sends the
/// latest, so nothing piles up while offline. Events leave the outbox only once the sink says the
/// plane has them. The pump outlives connections: what was not sent stays marked for the next one.
/// </summary>
internal sealed class ReportPump(UplinkOptions options, IAgentStore store, INodeStateSource node, StatusBuilder builder, TimeProvider time, ILogger logger)
{
    private volatile bool _statusDirty = true;
    private volatile bool _eventsPending = true;
    private NodeSnapshot? _lastSeen;
    private long _droppedAcked;
    private long _droppedSent = -1;
    private DateTimeOffset? _eventsRetryAt;
    private DateTimeOffset _capacityDue = DateTimeOffset.MinValue;

    /// <summary>Asks for a status at the next tick (e.g. after a desired state was received).</summary>
    public void RequestStatus() => _statusDirty = true;

    /// <summary>Events dropped by the outbox that this agent knows of: those cleared by acks in this run plus those still counted in the store.</summary>
    public long DroppedTotal => _droppedAcked + store.DroppedEvents;

    /// <summary>Runs until the link fails (throws) or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="statusSent">The link already sent a fresh status (gRPC opens with one).</param>
    public async Task RunAsync(IReportSink sink, CancellationToken cancellationToken, bool statusSent = false)
    {
        // A new connection: the plane may have lost its view, and events may have waited.
        _statusDirty = !statusSent;
        _eventsPending = true;
        _eventsRetryAt = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Observe();
            await RefreshCapacityAsync(cancellationToken).ConfigureAwait(false);
            if (_statusDirty) await SendStatusAsync(sink, cancellationToken).ConfigureAwait(false);
            if (_eventsPending) await DrainEventsAsync(sink, cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.StatusDebounce, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A new snapshot may mean a changed status and new events (the reconciler appends them in the same pass).</summary>
    private void Observe()
    {
        var snapshot = node.Snapshot;
        if (!ReferenceEquals(snapshot, _lastSeen))
        {
            if (!StatusBuilder.SameReport(snapshot, _lastSeen)) _statusDirty = true;
            _lastSeen = snapshot;
            _eventsPending = true;
        }
        if (_eventsRetryAt is { } at && time.GetUtcNow() >= at)
        {
            _eventsRetryAt = null;
            _eventsPending = true;
        }
    }

    /// <summary>
    /// Asks the capacity source again when due; a change goes out with the next status. A source
    /// that fails (the API server unreachable) keeps the last figure: the link is not its concern.
    /// </summary>
    private async Task RefreshCapacityAsync(CancellationToken cancellationToken)
    {
        if (options.Capacity is not { } source || time.GetUtcNow() < _capacityDue) return;
        _capacityDue = time.GetUtcNow() + options.CapacityRefresh;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.OperationTimeout);
        try
        {
            if (await source.ReadCapacityAsync(timeout.Token).ConfigureAwait(false) is { } capacity && builder.SetCapacity(capacity))
            {
                _statusDirty = true;
                UplinkLog.CapacityChanged(logger, capacity.CpuMillis, capacity.MemoryBytes);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            UplinkLog.CapacityUnreadable(logger, ex.Message);
        }
    }

    /// <summary>Builds and sends the latest status now.</summary>
    public async Task SendStatusAsync(IReportSink sink, CancellationToken cancellationToken)
    {
        _statusDirty = false;
        try
        {
            var dropped = DroppedTotal;
            await sink.SendStatusAsync(builder.Build(dropped), cancellationToken).ConfigureAwait(false);
            _droppedSent = dropped;
        }
        catch
        {
            _statusDirty = true;
            throw;
        }
    }

    private async Task DrainEventsAsync(IReportSink sink, CancellationToken cancellationToken)
    {
        if (_eventsRetryAt is not null) return;
        _eventsPending = false;
        try
        {
            while (true)
            {
                var batch = store.PeekEvents(options.EventBatch);
                if (batch.Count == 0) break;
                var delivered = await sink.SendEventsAsync(batch.Select(e => StatusBuilder.ToWire(options.NodeId, e)).ToList(), cancellationToken).ConfigureAwait(false);
                if (delivered > 0)
                {
                    // The ack clears the store's dropped count: keep it here so the total reported never goes down.
                    var droppedNow = store.DroppedEvents;
                    store.AckEvents(batch[delivered - 1].Sequence);
                    _droppedAcked += droppedNow;
                }
                if (delivered < batch.Count)
                {
                    _eventsRetryAt = time.GetUtcNow() + options.RefusedRetry;
                    break;
                }
            }
        }
        catch (IOException ex)
        {
            // The store, not the link: try again at the next change rather than dropping the connection.
            UplinkLog.ReportStoreFailed(logger, ex.Message);
            _eventsRetryAt = time.GetUtcNow() + options.RefusedRetry;
        }
        catch
        {
            _eventsPending = true;
            throw;
        }
        if (DroppedTotal != _droppedSent) _statusDirty = true;
    }
}
