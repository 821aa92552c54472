using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Host.Delivery;

/// <summary>
/// Moves running rollouts on: once a second the fleet judges the nodes' latest reports against
/// each rollout (soaks and health timeouts end with time alone, so a timer, not only reports,
/// must drive it), and the desired states it decided on are published.
/// </summary>
internal sealed class RolloutDriver(FleetController fleet, DesiredPublisher publisher, ILogger<RolloutDriver> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Advance();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Advance()
    {
        var update = fleet.AdvanceRollouts();
        publisher.Enqueue(update.ToPublish);
        foreach (var (deployment, e) in update.Result.Events) PlaneLog.RolloutEvent(logger, deployment, e.Message);
        // The store refused a step; memory was put back, so the next tick takes it again.
        if (update.Result.Failure is { } failure) PlaneLog.RolloutAdvanceFailed(logger, failure);
    }
}
