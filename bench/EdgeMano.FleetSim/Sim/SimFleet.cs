using System.Collections.Concurrent;

namespace EdgeMano.FleetSim.Sim;

/// <summary>Result of one fleet-wide operation: how long it took and how many nodes failed it.</summary>
internal sealed record FleetStep(double Seconds, int Failed, string? FirstError);

/// <summary>
/// N simulated nodes in this process. Connects and disconnects are paced: at most
/// <c>parallel</c> in flight, since a listen backlog of 100 (Mosquitto) overflows with more and
/// costs a 1 s SYN retry, and connecting is CPU-bound anyway (~3k/s on 2 cores).
/// </summary>
internal sealed class SimFleet : IDisposable
{
    private const int ConnectAttempts = 3;

    public SimFleet(string runId, int count, string host, int port)
    {
        RunId = runId;
        Labels = new Dictionary<string, string> { ["site"] = "sim", ["fleetsim"] = runId };
        Nodes = Enumerable.Range(0, count).Select(i => new SimNode(NodeId(runId, i), host, port, Labels)).ToArray();
    }

    /// <summary>Node ids of a run: {runId}-00000, {runId}-00001, ...</summary>
    public static string NodeId(string runId, int index) => $"{runId}-{index:D5}";

    public string RunId { get; }

    /// <summary>Labels every node carries; the bench deployment selects <c>fleetsim={RunId}</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<SimNode> Nodes { get; }

    public int Count => Nodes.Count;

    public Task<FleetStep> ConnectAllAsync(int parallel, CancellationToken ct) =>
        ForAllAsync(parallel, ConnectAttempts, (n, c) => n.ConnectAsync(c), ct);

    public Task<FleetStep> GoOfflineAllAsync(int parallel, CancellationToken ct) =>
        ForAllAsync(parallel, 1, (n, c) => n.GoOfflineAsync(c), ct);

    public void ResetReceived()
    {
        foreach (var node in Nodes) node.ResetReceived();
    }

    public void Dispose()
    {
        foreach (var node in Nodes) node.Dispose();
    }

    private async Task<FleetStep> ForAllAsync(int parallel, int attempts, Func<SimNode, CancellationToken, Task> step, CancellationToken ct)
    {
        var start = Mark.Now();
        var failed = 0;
        var errors = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Nodes, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (node, c) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await step(node, c).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !c.IsCancellationRequested)
                {
                    if (attempt >= attempts)
                    {
                        Interlocked.Increment(ref failed);
                        errors.Enqueue($"{node.Id}: {ex.GetType().Name}: {ex.Message}");
                        return;
                    }
                    await Task.Delay(500 * attempt, c).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
        return new FleetStep(start.Elapsed, failed, errors.TryPeek(out var first) ? first : null);
    }
}
