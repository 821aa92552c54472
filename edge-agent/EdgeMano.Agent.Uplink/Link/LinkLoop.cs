using EdgeMano.Agent.Uplink.Reporting;

namespace EdgeMano.Agent.Uplink.Link;

/// <summary>
/// Connect, serve, and after every failure wait with <see cref="ReconnectBackoff"/> and try again,
/// forever, until cancelled. A session marks itself connected through <see cref="LinkState.Connected"/>
/// once it is up and returns (or throws) when the connection ends; the loop never throws.
/// </summary>
internal static class LinkLoop
{
    /// <summary>A connection that lasted this long resets the backoff; one that dropped sooner (a broker
    /// that kicks the node, a duplicate node id taking the session over) keeps backing off instead of flapping.</summary>
    public static readonly TimeSpan StableConnection = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(UplinkOptions options, LinkState state, TimeProvider time,
        Func<CancellationToken, Task<string>> session, Func<Task> afterSession, CancellationToken cancellationToken)
    {
        // Never hold up the caller (the daemon): everything below runs after the first yield.
        await Task.Yield();
        var backoff = new ReconnectBackoff(options.ReconnectMin, options.ReconnectMax);
        while (!cancellationToken.IsCancellationRequested)
        {
            string failure;
            try
            {
                failure = await session(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failure = Describe(ex);
            }
            if (cancellationToken.IsCancellationRequested) break;
            try { await afterSession().ConfigureAwait(false); }
            catch (Exception) { /* cleaning up a broken connection may fail too */ }

            TimeSpan delay;
            if (state.Status is { Connected: true, Since: var since })
            {
                state.Lost(failure);
                if (since is null || time.GetUtcNow() - since >= StableConnection) backoff.Reset();
                delay = backoff.NextDelay();
            }
            else
            {
                delay = backoff.NextDelay();
                state.AttemptFailed(failure, delay);
            }
            try { await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    public static string Describe(Exception ex) => ex is LinkException ? ex.Message : LinkErrors.Describe(ex);
}
