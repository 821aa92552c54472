using EdgeMano.FleetSim.Sim;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>
/// Per-node ack latencies (seconds from the mark; NaN = no ack within the timeout), and when the
/// last one was seen (NaN = not all within the timeout).
/// </summary>
internal sealed record AckResult(double[] PerNode, double AllSeconds, int Lost, string Note);

/// <summary>
/// What the simulated fleet talks to in one phase: the real plane (desired state by REST, acks read
/// back from the plane), or the floor (the bare broker, a publisher client and an ack collector).
/// The scenario drives both the same way.
/// </summary>
internal interface IFleetTarget : IAsyncDisposable
{
    /// <summary>"plane" or "floor".</summary>
    string Kind { get; }

    /// <summary>Where nodes connect.</summary>
    int NodePort { get; }

    /// <summary>Called once the fleet is connected: waits until the target knows every node (plane: registered and online).</summary>
    Task<double> WaitKnownAsync(SimFleet fleet, Mark connectStart, TimeSpan timeout, CancellationToken ct);

    /// <summary>Issues generation <paramref name="generation"/> of the bench deployment to every node (revision = generation).</summary>
    Task ChangeAsync(SimFleet fleet, int generation, CancellationToken ct);

    /// <summary>Waits until every node acknowledged revision <paramref name="revision"/>, timing from <paramref name="from"/>.</summary>
    Task<AckResult> WaitAckedAsync(SimFleet fleet, long revision, Mark from, TimeSpan timeout, CancellationToken ct);

    /// <summary>After the fleet went offline: waits until the target has seen it (plane: no node online).</summary>
    Task<double> WaitOfflineAsync(SimFleet fleet, Mark from, TimeSpan timeout, CancellationToken ct);

    /// <summary>After a change: waits until the target has handed every desired state to the broker.</summary>
    Task<double> WaitHandedOffAsync(Mark from, TimeSpan timeout, CancellationToken ct);

    /// <summary>Memory and CPU figures of the processes that make up the target (kB, CPU seconds so far).</summary>
    IEnumerable<(string Name, double Value)> Resources();

    /// <summary>Writes the target's own time series (e.g. the plane's /metrics) to the details dir.</summary>
    void WriteDetails(Report.Details details);
}
