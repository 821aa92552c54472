namespace EdgeMano.Testing;

/// <summary>Where the repository and its built programs are, for tests that run them as processes.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EdgeMano.sln"))) return dir.FullName;
            throw new InvalidOperationException("cannot find the repository root (EdgeMano.sln) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Release or Debug: the configuration this test assembly was built in, so it runs programs built with it.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>
    /// The built plane (control-plane/EdgeMano.Plane.Host), or EDGEMANO_PLANE_BINARY. Built by
    /// `dotnet build EdgeMano.sln` (tests/run.sh does it).
    /// </summary>
    public static string PlaneBinary
    {
        get
        {
            if (Environment.GetEnvironmentVariable("EDGEMANO_PLANE_BINARY") is { Length: > 0 } fromEnv) return fromEnv;
            var path = Path.Combine(Root, "control-plane", "EdgeMano.Plane.Host", "bin", Configuration, "net10.0", "edgemano-plane");
            if (File.Exists(path)) return path;
            throw new InvalidOperationException($"edgemano-plane not found at {path}: run `dotnet build EdgeMano.sln -c {Configuration}` (or bash tests/run.sh)");
        }
    }
}
