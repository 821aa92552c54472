using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// One Kubernetes object: a YAML document of a file, read through the agent's located YAML reader
/// so every finding about it has a line. Problems are reported into <see cref="Reader"/>.
/// </summary>
internal sealed class ManifestObject
{
    public required SourceFile File { get; init; }

    public required YamlDocumentReader Reader { get; init; }

    public required YamlMapping Root { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public YamlMapping? Metadata { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>"Deployment 'web'" — how messages name it.</summary>
    public string Describe() => $"{Kind} '{Name}'";

    public void Error(string path, string message) => Reader.Report(Reader.PositionOf(path), path, message);

    public LocatedError At(string path, string message) => Reader.Locate(path, message);
}

/// <summary>
/// Splits a file into its YAML documents and loads each with <see cref="YamlDocumentReader"/>.
/// The reader takes one document per text, so each document is given with the lines before it
/// blanked: line numbers stay those of the file.
/// </summary>
internal static class ManifestDocuments
{
    public static IEnumerable<YamlDocumentReader> Load(SourceFile file)
    {
        var lines = file.Text.Split('\n');
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var boundary = i == lines.Length || IsMarker(lines[i]);
            if (!boundary) continue;
            if (HasContent(lines, start, i))
            {
                var text = string.Concat(Enumerable.Repeat("\n", start)) + string.Join('\n', lines[start..i]);
                yield return YamlDocumentReader.Load(text, file.Path);
            }
            if (i < lines.Length && lines[i].StartsWith("---", StringComparison.Ordinal))
            {
                // "--- {a: 1}" puts content on the marker line: keep it, with the marker blanked.
                lines[i] = "   " + lines[i][3..];
                start = lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith('#') ? i : i + 1;
            }
            else
            {
                start = i + 1;
            }
        }
    }

    /// <summary>A document start (<c>---</c>) or end (<c>...</c>) marker at column 1.</summary>
    private static bool IsMarker(string line)
    {
        var l = line.TrimEnd('\r');
        if (l.StartsWith("---", StringComparison.Ordinal)) return l.Length == 3 || l[3] is ' ' or '\t';
        return l == "..." || l.StartsWith("... ", StringComparison.Ordinal);
    }

    private static bool HasContent(string[] lines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var l = lines[i].Trim();
            if (l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('%')) return true;
        }
        return false;
    }
}
