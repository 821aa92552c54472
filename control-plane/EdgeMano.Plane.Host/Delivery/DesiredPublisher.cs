using System.Threading.Channels;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Plane.Messaging;
using Google.Protobuf;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>
/// Sends issued desired states to nodes, latest revision per node only: a state not sent yet is
/// replaced by a newer one (it is stored already, so nothing is lost; a node needs only the latest).
/// Up to <see cref="MaxInFlight"/> nodes are sent to at once (an external broker answers each with
/// a PUBACK: one at a time, a fan-out to 10,000 nodes waits for 10,000 round trips), but never two
/// revisions of one node: a newer one waits until the older is acknowledged, so the broker cannot
/// end up retaining the older. A failed publish is retried until the link takes it.
/// Nodes on a gRPC Sync stream get it there too.
/// </summary>
internal sealed class DesiredPublisher(INodeLink link, SyncSessions sync, ILogger<DesiredPublisher> logger) : BackgroundService
{
    internal const int MaxInFlight = 256;

    private readonly Lock _gate = new();
    /// <summary>Latest unsent state of each node that is not in flight, in arrival order through <see cref="_order"/>.</summary>
    private readonly Dictionary<string, DesiredState> _pending = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    /// <summary>Nodes being sent to; a newer state for one waits in <see cref="_deferred"/>.</summary>
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesiredState> _deferred = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private int _failures;

    public void Enqueue(IEnumerable<DesiredState> states)
    {
        var any = false;
        lock (_gate)
        {
            foreach (var state in states) any |= QueueLocked(state);
        }
        if (any) _wake.Writer.TryWrite(true);
    }

    /// <summary>Nodes whose latest desired state the link has not taken yet.</summary>
    public int Pending
    {
        get { lock (_gate) return _pending.Count + _inFlight.Count; }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var failures = Volatile.Read(ref _failures);
            if (failures > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * failures)), stoppingToken).ConfigureAwait(false);
            await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            var state = TakeNext();
            if (state is null)
            {
                _slots.Release();
                await _wake.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }
            _ = SendAsync(state, stoppingToken);
        }
    }

    private async Task SendAsync(DesiredState state, CancellationToken stoppingToken)
    {
        var sent = false;
        try
        {
            var message = DesiredStateProtoMapper.ToProto(state);
            sync.TrySend(state.NodeId, message);
            await link.PublishDesiredAsync(state.NodeId, message.ToByteArray(), stoppingToken).ConfigureAwait(false);
            sent = true;
            Volatile.Write(ref _failures, 0);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            if (Interlocked.Increment(ref _failures) == 1)
                PlaneLog.PublishFailed(logger, state.NodeId, state.Revision, link.Description, ex.Message);
        }
        finally
        {
            Finish(state, sent);
            _slots.Release();
            _wake.Writer.TryWrite(true);
        }
    }

    private DesiredState? TakeNext()
    {
        lock (_gate)
        {
            while (_order.TryDequeue(out var node))
            {
                if (!_pending.Remove(node, out var state)) continue;
                _inFlight.Add(node);
                return state;
            }
            return null;
        }
    }

    /// <summary>The node leaves flight; a state that came meanwhile (or this one, when it failed) goes back in line.</summary>
    private void Finish(DesiredState state, bool sent)
    {
        lock (_gate)
        {
            _inFlight.Remove(state.NodeId);
            if (_deferred.Remove(state.NodeId, out var newer)) QueueLocked(newer);
            else if (!sent) QueueLocked(state);
        }
    }

    /// <summary>Whether the state was taken (it is newer than what waits for its node).</summary>
    private bool QueueLocked(DesiredState state)
    {
        var node = state.NodeId;
        var waiting = _inFlight.Contains(node) ? _deferred : _pending;
        if (waiting.TryGetValue(node, out var queued) && queued.Revision >= state.Revision) return false;
        if (waiting == _pending && !_pending.ContainsKey(node)) _order.Enqueue(node);
        waiting[node] = state;
        return true;
    }
}
