using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Csar;

/// <summary>An artifact a manifest (or TOSCA.meta) lists with its digest.</summary>
internal sealed record ListedArtifact(string ListedIn, KeyValueLine Source, KeyValueLine? Algorithm, KeyValueLine? Hash);

/// <summary>
/// TOSCA-Metadata/TOSCA.meta (TOSCA Simple Profile YAML 1.3 §4.2, SOL004 §4.3.6): the first block
/// names the entry definitions and the ETSI entries; later blocks (CSAR 1.1, as Tacker writes
/// them) list artifacts as Name / Content-Type / Algorithm / Hash.
/// </summary>
internal sealed class ToscaMeta
{
    public const string Path = "TOSCA-Metadata/TOSCA.meta";

    private static readonly string[] Known =
    [
        "TOSCA-Meta-File-Version", "CSAR-Version", "Created-By", "Entry-Definitions", "ETSI-Entry-Manifest",
        "ETSI-Entry-Change-Log", "ETSI-Entry-Licenses", "ETSI-Entry-Certificate", "ETSI-Entry-Tests", "Other-Definitions",
    ];

    private static readonly string[] Required = ["TOSCA-Meta-File-Version", "CSAR-Version", "Created-By", "Entry-Definitions"];
    private static readonly string[] FileVersions = ["1.0", "1.1"];
    private static readonly string[] CsarVersions = ["1.0", "1.1", "2.0"];
    private static readonly string[] ArtifactKeys = ["Name", "Content-Type", "Algorithm", "Hash"];

    private readonly Dictionary<string, KeyValueLine> _entries = new(StringComparer.OrdinalIgnoreCase);

    public List<ListedArtifact> Artifacts { get; } = [];

    public KeyValueLine? Entry(string key) => _entries.GetValueOrDefault(key);

    public static ToscaMeta? Read(ReadContext context)
    {
        var text = context.Files.Text(Path, out var problem);
        if (text is null)
        {
            context.Error(Path, problem!);
            return null;
        }
        var meta = new ToscaMeta();
        var blocks = KeyValueBlocks.Parse(text);
        if (blocks.Count == 0)
        {
            context.Error(Path, "the file is empty; expected TOSCA-Meta-File-Version, CSAR-Version, Created-By and Entry-Definitions", line: 1, column: 1);
            return meta;
        }
        meta.ReadFirstBlock(context, blocks[0]);
        foreach (var block in blocks.Skip(1)) meta.ReadArtifactBlock(context, block);
        return meta;
    }

    private void ReadFirstBlock(ReadContext context, List<KeyValueLine> block)
    {
        foreach (var line in block)
        {
            if (!IsWellFormed(context, line)) continue;
            var key = Known.FirstOrDefault(k => k.Equals(line.Key, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                context.Error(Path, $"unknown key '{line.Key}'{Suggestions.DidYouMean(line.Key, Known)}; known: {string.Join(", ", Known)}", line.Key, line.Line, 1);
                continue;
            }
            if (!_entries.TryAdd(key, line))
                context.Error(Path, $"'{key}' is given twice (first at line {_entries[key].Line})", key, line.Line, 1);
        }
        foreach (var key in Required.Where(k => !_entries.ContainsKey(k)))
            context.Error(Path, $"required key '{key}' is missing", key, block[0].Line, 1);
        CheckVersion(context, "TOSCA-Meta-File-Version", FileVersions);
        CheckVersion(context, "CSAR-Version", CsarVersions);
    }

    private void ReadArtifactBlock(ReadContext context, List<KeyValueLine> block)
    {
        var fields = new Dictionary<string, KeyValueLine>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in block)
        {
            if (!IsWellFormed(context, line)) continue;
            if (!ArtifactKeys.Contains(line.Key, StringComparer.OrdinalIgnoreCase))
            {
                context.Error(Path, $"unknown key '{line.Key}' in an artifact block; expected {string.Join(", ", ArtifactKeys)}", line.Key, line.Line, 1);
                continue;
            }
            fields.TryAdd(line.Key, line);
        }
        if (!fields.TryGetValue("Name", out var name))
        {
            context.Error(Path, "an artifact block needs 'Name:' (the file it describes)", "Name", block[0].Line, 1);
            return;
        }
        Artifacts.Add(new ListedArtifact(Path, name, fields.GetValueOrDefault("Algorithm"), fields.GetValueOrDefault("Hash")));
    }

    private static bool IsWellFormed(ReadContext context, KeyValueLine line)
    {
        if (line.Key.Length > 0 && line.Key == line.Key.Trim()) return true;
        context.Error(Path, $"expected 'Key: Value', got '{line.Value}'", "", line.Line, 1);
        return false;
    }

    private void CheckVersion(ReadContext context, string key, string[] supported)
    {
        if (Entry(key) is not { } line || supported.Contains(line.Value)) return;
        context.Error(Path, $"{key} '{line.Value}' is not supported; expected one of {string.Join(", ", supported)}", key, line.Line, line.ValueColumn);
    }
}
