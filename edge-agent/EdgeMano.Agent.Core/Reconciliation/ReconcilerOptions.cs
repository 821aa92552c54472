namespace EdgeMano.Agent.Core.Reconciliation;

public sealed record ReconcilerOptions
{
    /// <summary>A full reconcile runs at least this often even when nothing signals a change.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a stop waits after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Events in a burst closer than this are folded into one reconcile.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);
    public string NodeId { get; init; } = "local";
}
