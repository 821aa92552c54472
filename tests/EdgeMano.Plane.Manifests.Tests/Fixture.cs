using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests;

/// <summary>Reads fixtures copied next to the test assembly (Fixtures/**).</summary>
internal static class Fixture
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>A manifest file, named as a package would name it (its path under Fixtures/).</summary>
    public static SourceFile Manifest(string relativePath) =>
        new(relativePath, File.ReadAllText(Path.Combine(Root, relativePath)));

    /// <summary>Every file of a folder, keyed by path relative to it (as a package reader hands a chart over).</summary>
    public static Dictionary<string, byte[]> Files(string relativeFolder)
    {
        var folder = Path.Combine(Root, relativeFolder);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
    }
}
