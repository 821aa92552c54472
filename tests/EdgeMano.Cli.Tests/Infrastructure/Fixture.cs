namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>Files under Fixtures/ (copied next to the test assembly).</summary>
internal static class Fixture
{
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));
}
