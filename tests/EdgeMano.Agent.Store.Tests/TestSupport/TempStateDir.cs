namespace EdgeMano.Agent.Store.Tests.TestSupport;

/// <summary>A fresh state directory under the system temp dir, removed on dispose.</summary>
internal sealed class TempStateDir : IDisposable
{
    public TempStateDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgemano-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DbFile => System.IO.Path.Combine(Path, "agent.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }
}
