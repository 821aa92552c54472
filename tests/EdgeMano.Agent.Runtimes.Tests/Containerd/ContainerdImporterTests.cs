using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>The importer brings a docker-archive into the namespace with no ctr; the driver then runs it.</summary>
[Collection(ContainerdCollection.Name)]
public sealed class ContainerdImporterTests(ContainerdDaemon daemon) : IAsyncLifetime
{
    private readonly string _nodeId = "node-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempDir _dir = new();
    private IWorkloadRuntime? _driver;

    private ContainerdOptions Options => new() { NodeId = _nodeId, SocketPath = daemon.SocketPath, LogDirectory = daemon.LogDirectory, InitPath = ContainerdDaemon.InitPath };

    public Task InitializeAsync()
    {
        _driver = ContainerdRuntimes.Create(Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var i in await _driver!.ListAsync(CancellationToken.None)) await _driver.RemoveAsync(i, TimeSpan.FromSeconds(1), CancellationToken.None);
        ((IDisposable)_driver).Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task ImportDockerArchive_NewTag_IsStoredNormalizedUnpackedAndRuns()
    {
        var tag = $"local/imported-{Guid.NewGuid():N}"[..30] + ":1";
        var archive = _dir.Combine("image.tar");
        // A unique layer: its snapshot cannot exist yet, so the importer's own unpack is what makes it.
        ContainerdDaemon.WriteBusyboxArchive(archive, tag, marker: tag);
        using var importer = ContainerdRuntimes.CreateImporter(Options);

        var names = await importer.ImportDockerArchiveAsync(archive, CancellationToken.None);

        Assert.Equal(["docker.io/" + tag], names);
        Assert.Contains("docker.io/" + tag, await daemon.CtrAsync("images", "ls", "-q"));
        var check = await daemon.CtrAsync("images", "check");
        Assert.Contains(check.Split('\n'), l => l.StartsWith("docker.io/" + tag, StringComparison.Ordinal) && l.Contains("complete", StringComparison.Ordinal));
        var spec = new WorkloadSpec { Name = "imported", Kind = WorkloadKind.Container, Image = tag, Args = new(["sh", "-c", $"grep -q '{tag}' /etc/edgemano-marker && exit 5"]) };
        await _driver!.CreateAsync(spec, "h", CancellationToken.None);
        Assert.Equal(5, (await WaitForExitAsync("imported")).ExitCode);
    }

    [Fact]
    public async Task ImportDockerArchive_Twice_IsIdempotent()
    {
        var tag = $"local/twice-{Guid.NewGuid():N}"[..27] + ":2";
        var archive = _dir.Combine("twice.tar");
        ContainerdDaemon.WriteBusyboxArchive(archive, tag, marker: tag);
        using var importer = ContainerdRuntimes.CreateImporter(Options);

        await importer.ImportDockerArchiveAsync(archive, CancellationToken.None);
        var again = await importer.ImportDockerArchiveAsync(archive, CancellationToken.None);

        Assert.Equal(["docker.io/" + tag], again);
    }

    [Fact]
    public async Task Create_ImageImportedWithoutUnpack_DriverUnpacksIt()
    {
        var tag = $"local/packed-{Guid.NewGuid():N}"[..28] + ":1";
        var archive = _dir.Combine("packed.tar");
        // A unique layer, so its snapshot cannot already exist from another image: the driver must unpack it.
        ContainerdDaemon.WriteBusyboxArchive(archive, tag, marker: tag);
        await daemon.CtrAsync("images", "import", "--no-unpack", archive);
        var spec = new WorkloadSpec { Name = "unpacked-late", Kind = WorkloadKind.Container, Image = tag, Args = new(["sh", "-c", $"grep -q '{tag}' /etc/edgemano-marker && exit 6"]) };

        await _driver!.CreateAsync(spec, "h", CancellationToken.None);

        Assert.Equal(6, (await WaitForExitAsync("unpacked-late")).ExitCode);
    }

    [Fact]
    public async Task ImportDockerArchive_NotAnArchive_SaysWhatIsWrong()
    {
        var path = _dir.Combine("junk.tar");
        await File.WriteAllTextAsync(path, "this is not a tar file, not even close; it is long enough to fill a header block? no.");
        using var importer = ContainerdRuntimes.CreateImporter(Options);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => importer.ImportDockerArchiveAsync(path, CancellationToken.None));

        Assert.StartsWith($"containerd: import {path}: ", error.Message);
    }

    private async Task<ObservedWorkload> WaitForExitAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var found = (await _driver!.ListAsync(CancellationToken.None)).FirstOrDefault(i => i.Name == name && i.State == InstanceState.Exited);
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not exit");
            await Task.Delay(100);
        }
    }
}
