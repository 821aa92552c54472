using System.Runtime.CompilerServices;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Core.Tests.Yaml;

/// <summary>Shared helpers: parse a snippet as "test.yaml" and find the repository's examples/.</summary>
internal static class YamlTestFiles
{
    public const string FileName = "test.yaml";
    public const string NodeId = "agent-node";

    public static ParseResult Parse(string yaml) => DesiredStateYaml.Parse(yaml, FileName, NodeId);

    /// <summary>The error lines of a snippet, in the operator's format.</summary>
    public static IReadOnlyList<string> Errors(string yaml) => Parse(yaml).Errors.Select(e => e.ToString()).ToList();

    /// <summary>The single error of a snippet; fails listing all of them when there is not exactly one.</summary>
    public static string SingleError(string yaml)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Count == 1, $"expected exactly one error, got {errors.Count}:\n{string.Join("\n", errors)}");
        return errors[0];
    }

    /// <summary>examples/ of this repository, found from the test binaries or, failing that, from this source file.</summary>
    public static string ExamplesDirectory([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples");
                if (File.Exists(Path.Combine(candidate, "README.md")) && File.Exists(Path.Combine(dir.FullName, "EdgeMano.sln")))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no examples/ folder above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
