using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>
/// sd_notify through Microsoft.Extensions.Hosting.Systemd's notifier: READY=1 once the first
/// reconcile is done, WATCHDOG=1 every half WATCHDOG_USEC while the reconcile loop lives,
/// STOPPING=1 on the way out. Does nothing when NOTIFY_SOCKET is not set.
/// </summary>
internal sealed class SystemdNotify : IDisposable
{
    private readonly SystemdNotifier _notifier = new();
    private readonly CancellationTokenSource _stop = new();

    public bool Enabled => _notifier.IsEnabled;

    public void Ready() { if (Enabled) _notifier.Notify(ServiceState.Ready); }

    public void Stopping() { if (Enabled) _notifier.Notify(ServiceState.Stopping); }

    /// <summary>Starts the watchdog pings while <paramref name="alive"/> says the agent is healthy.</summary>
    public void StartWatchdog(Func<bool> alive)
    {
        if (!Enabled || !long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) || usec <= 0) return;
        var period = TimeSpan.FromMicroseconds(usec / 2.0);
        var watchdog = new ServiceState("WATCHDOG=1");
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period);
            _notifier.Notify(watchdog);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                if (alive()) _notifier.Notify(watchdog);
        }, _stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
