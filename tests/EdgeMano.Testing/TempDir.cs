namespace EdgeMano.Testing;

/// <summary>A fresh directory under /tmp, deleted (best effort) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "edgemano-test-")
    {
        Path = System.IO.Path.Combine("/tmp", prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public override string ToString() => Path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
