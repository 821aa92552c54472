using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;

namespace EdgeMano.Plane.Packages.Descriptors;

/// <summary>Where a field of a workload was written, so a rule broken on the model points at the document.</summary>
internal readonly record struct FieldLocation(YamlDocumentReader? Reader, string File, string Path)
{
    public LocatedError Error(string message) =>
        Reader is not null ? Reader.Locate(Path, message) : new LocatedError(File, 0, 0, Path, message);

    /// <summary>"file:line" for a message that mentions this place.</summary>
    public string Describe() =>
        Reader is not null && Reader.PositionOf(Path) is { Line: > 0 } at ? $"{File}:{at.Line}" : File;

    /// <summary>True when a reading error was already reported at or around this field.</summary>
    public bool Unreadable
    {
        get
        {
            var path = Path;
            return Reader is not null && Reader.ErrorPaths.Any(bad => YamlPath.Overlap(bad, path));
        }
    }
}

/// <summary>
/// A workload made from some part of a descriptor, with a map from the workload's field paths
/// ("image", "ports[0]", "resources.memory", as the agent's validator names them) to the document.
/// </summary>
internal sealed record WorkloadOrigin(string Vdu, WorkloadSpec Spec, Func<string, FieldLocation> Locate);

/// <summary>
/// What one read of a package shares: its files, each YAML document loaded once (so every reading
/// error is kept with its position), the errors and notes so far, and the workloads with origins.
/// </summary>
internal sealed class ReadContext(PackageFileSet files)
{
    private readonly Dictionary<string, YamlDocumentReader> _documents = new(StringComparer.Ordinal);
    private readonly List<LocatedError> _errors = [];
    private readonly List<LocatedError> _notes = [];

    public PackageFileSet Files { get; } = files;

    public List<WorkloadOrigin> Workloads { get; } = [];

    public IReadOnlyList<LocatedError> Notes => _notes;

    /// <summary>Every error so far: reading errors of every document loaded plus the rest.</summary>
    public IReadOnlyList<LocatedError> Errors =>
        _documents.Values.SelectMany(d => d.Errors).Concat(_errors).Distinct()
            .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();

    public bool HasErrors => _errors.Count > 0 || _documents.Values.Any(d => d.HasErrors);

    /// <summary>
    /// The YAML document at <paramref name="path"/>, loaded once; null (with an error at
    /// <paramref name="referencedFrom"/>, or at the file) when it is missing or not text.
    /// </summary>
    public YamlDocumentReader? Load(string path, FieldLocation? referencedFrom = null)
    {
        if (_documents.TryGetValue(path, out var loaded)) return loaded;
        var text = Files.Text(path, out var problem);
        if (text is null)
        {
            if (referencedFrom is { } at) Add(at.Error($"'{path}': {problem}"));
            else Error(path, problem!);
            return null;
        }
        var reader = YamlDocumentReader.Load(text, path);
        _documents[path] = reader;
        return reader;
    }

    public void Add(LocatedError error) => _errors.Add(error);

    /// <summary>An error about a file as a whole (or a spot in a non-YAML file).</summary>
    public void Error(string file, string message, string path = "", int line = 0, int column = 0) =>
        _errors.Add(new LocatedError(file, line, column, path, message));

    public void Note(LocatedError note) => _notes.Add(note);

    public void Note(string file, string message, string path = "", int line = 0, int column = 0) =>
        _notes.Add(new LocatedError(file, line, column, path, message));
}
