using System.Globalization;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Leases;

namespace EdgeMano.Agent.Runtimes.Containerd.Images;

/// <summary>
/// Keeps what is made under it (content being written, snapshots being prepared) from containerd's
/// garbage collector until the objects are referenced by an image or container. Expires by itself
/// after an hour, so a crash mid-import leaves nothing pinned for good.
/// </summary>
internal sealed class ContainerdLease : IAsyncDisposable
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);
    private readonly ContainerdConnection _connection;

    private ContainerdLease(ContainerdConnection connection, string id)
    {
        _connection = connection;
        Id = id;
    }

    public string Id { get; }

    public static async Task<ContainerdLease> CreateAsync(ContainerdConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = new CreateRequest { Id = "edgemano-" + Guid.NewGuid().ToString("N") };
        request.Labels["containerd.io/gc.expire"] = (time.GetUtcNow() + Expiry).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await connection.CallAsync("create lease", o => connection.Leases.CreateAsync(request, o), cancellationToken);
        return new ContainerdLease(connection, request.Id);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CallOrNotFoundAsync("delete lease " + Id,
                o => _connection.Leases.DeleteAsync(new DeleteRequest { Id = Id }, o), CancellationToken.None);
        }
        catch (RuntimeException)
        {
            // The lease expires by itself; failing the create or import over it would help nobody.
        }
    }
}
