namespace EdgeMano.Testing;

/// <summary>
/// xunit collection fixture: a Docker engine answers at <see cref="SocketPath"/> for the whole collection.
/// Declare the collection in the test assembly:
/// <c>[CollectionDefinition("docker")] public sealed class DockerCollection : ICollectionFixture&lt;DockerDaemonFixture&gt;;</c>
/// </summary>
public sealed class DockerDaemonFixture : IAsyncLifetime
{
    private string? _socketPath;

    public string SocketPath => _socketPath ?? throw new InvalidOperationException("DockerDaemonFixture is not initialized");

    public async Task InitializeAsync() => _socketPath = await DockerDaemon.EnsureAsync();

    // The daemon is shared with later test assemblies; DockerDaemon decides whether it is ever stopped.
    public Task DisposeAsync() => Task.CompletedTask;
}
