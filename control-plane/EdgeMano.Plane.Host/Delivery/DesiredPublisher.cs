using System.Threading.Channels;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Plane.Messaging;
using Google.Protobuf;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>
/// Sends issued desired states to nodes, latest revision per node only: states queued for a node
/// that has not been sent yet are replaced by newer ones (they are already stored, so nothing is
/// lost; a node needs only the latest). A failed publish is retried until the link takes it.
/// Nodes on a gRPC Sync stream get it there too.
/// </summary>
internal sealed class DesiredPublisher(INodeLink link, SyncSessions sync, ILogger<DesiredPublisher> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DesiredState> _pending = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(IEnumerable<DesiredState> states)
    {
        var any = false;
        lock (_gate)
        {
            foreach (var state in states)
            {
                if (_pending.TryGetValue(state.NodeId, out var queued) && queued.Revision >= state.Revision) continue;
                _pending[state.NodeId] = state;
                any = true;
            }
        }
        if (any) _wake.Writer.TryWrite(true);
    }

    public int Pending
    {
        get { lock (_gate) return _pending.Count; }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            List<DesiredState> batch;
            lock (_gate) batch = _pending.Values.ToList();
            if (batch.Count == 0)
            {
                await _wake.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }
            foreach (var state in batch)
            {
                try
                {
                    var message = DesiredStateProtoMapper.ToProto(state);
                    sync.TrySend(state.NodeId, message);
                    await link.PublishDesiredAsync(state.NodeId, message.ToByteArray(), stoppingToken).ConfigureAwait(false);
                    lock (_gate)
                    {
                        if (_pending.TryGetValue(state.NodeId, out var queued) && queued.Revision == state.Revision) _pending.Remove(state.NodeId);
                    }
                    failures = 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (failures++ == 0) PlaneLog.PublishFailed(logger, state.NodeId, state.Revision, link.Description, ex.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * failures)), stoppingToken).ConfigureAwait(false);
                    break;
                }
            }
        }
    }
}
