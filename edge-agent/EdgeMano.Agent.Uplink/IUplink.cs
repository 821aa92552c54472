namespace EdgeMano.Agent.Uplink;

/// <summary>
/// One link to the plane. <see cref="RunAsync"/> connects, reconnects forever with backoff and
/// returns only when cancelled; it never throws for link trouble and never blocks the caller
/// (the first await happens before any network I/O).
/// </summary>
public interface IUplink : IAsyncDisposable
{
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>The link as it is now, for `edgemano-agent status`.</summary>
    LinkStatus Status { get; }
}

/// <param name="Kind">mqtt or grpc.</param>
/// <param name="Endpoint">The broker or plane URL.</param>
/// <param name="Since">When <paramref name="Connected"/> last changed (null: never connected yet).</param>
/// <param name="LastError">Why the last attempt or connection failed, if it did.</param>
public sealed record LinkStatus(string Kind, string Endpoint, bool Connected, DateTimeOffset? Since, string? LastError);
