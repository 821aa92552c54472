using System.Threading.Channels;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>
/// Stores node events in batches off the broker's receive path. Node status changes are written
/// the same way (<see cref="FleetController.FlushPending"/>), every quarter second.
/// </summary>
internal sealed class EventWriter(IPlaneStore store, FleetController fleet, ILogger<EventWriter> logger) : BackgroundService
{
    public const int KeepPerNode = 1000;
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(250);

    private readonly Channel<NodeEvent> _events = Channel.CreateUnbounded<NodeEvent>();

    public void Add(NodeEvent e) => _events.Writer.TryWrite(e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Flush();
        }
        catch (OperationCanceledException)
        {
        }
        Flush();
    }

    /// <summary>Writes what is pending now; also called at shutdown so a clean stop loses nothing.</summary>
    public void Flush()
    {
        var batch = new List<NodeEvent>();
        while (_events.Reader.TryRead(out var e)) batch.Add(e);
        try
        {
            store.AppendEvents(batch, KeepPerNode);
        }
        catch (IOException ex)
        {
            // Kept for the next flush: the store ignores an event it already holds.
            foreach (var e in batch) _events.Writer.TryWrite(e);
            PlaneLog.StoreWriteFailed(logger, ex.Message);
        }
        try
        {
            fleet.FlushPending();
        }
        catch (IOException ex)
        {
            PlaneLog.StoreWriteFailed(logger, ex.Message);
        }
    }
}
