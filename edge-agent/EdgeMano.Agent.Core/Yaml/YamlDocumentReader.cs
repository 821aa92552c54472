using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// Loads one YAML document and collects every problem found while reading it, each located by
/// line, column and path. Reading never stops at the first error: callers keep going and read
/// what they can, so an operator fixes a file in one pass. Uses YamlDotNet's representation model
/// (no reflection), which is safe under native AOT.
/// </summary>
public sealed class YamlDocumentReader
{
    private readonly List<LocatedError> _errors = [];
    private readonly HashSet<string> _errorPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    private YamlDocumentReader(string fileName) => FileName = fileName;

    public string FileName { get; }

    /// <summary>The document's top node; null when the text is empty or not valid YAML.</summary>
    public YamlValue? Root { get; private set; }

    /// <summary>Every problem so far, in file order (reading order may differ from it).</summary>
    public IReadOnlyList<LocatedError> Errors => _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();

    public bool HasErrors => _errors.Count > 0;

    /// <summary>
    /// Paths at which a reading error was reported (a value there is missing or a default), and keys
    /// that a misspelled unknown key most likely meant.
    /// </summary>
    public IReadOnlySet<string> ErrorPaths => _errorPaths;

    public static YamlDocumentReader Load(string text, string fileName)
    {
        var reader = new YamlDocumentReader(fileName);
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            reader.Report(Position(e.Start), "", "invalid YAML: " + Describe(e));
            return reader;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18.1 throws this (not a YamlException) for some malformed flow
            // collections, e.g. "a: [1, 2" followed by "b: x"; the scanner knows where it stopped.
            reader.Report(Position(scanner.CurrentPosition), "",
                "invalid YAML: the parser could not continue here; look for an unclosed '[', '{' or quote before this point");
            return reader;
        }

        if (stream.Documents.Count == 0)
        {
            reader.Report(new SourcePosition(1, 1), "", "the file is empty; expected a YAML document");
            return reader;
        }
        for (var i = 1; i < stream.Documents.Count; i++)
        {
            reader.Report(Position(stream.Documents[i].RootNode.Start), "",
                "only one YAML document is allowed per file; another one starts here");
        }
        reader.Root = new YamlValue(reader, stream.Documents[0].RootNode, "");
        reader.Remember("", reader.Root.Position);
        return reader;
    }

    /// <summary>Reports a problem at a known position.</summary>
    public void Report(SourcePosition at, string path, string message)
    {
        _errors.Add(new LocatedError(FileName, at.Line, at.Column, path, message));
        // Document-level errors (path "") must not hide every later finding.
        if (path.Length > 0) _errorPaths.Add(path);
    }

    /// <summary>
    /// Reports a problem found later (e.g. by a validator) at the position recorded for the path,
    /// or for its closest recorded ancestor when the value itself was absent.
    /// </summary>
    public LocatedError Locate(string path, string message)
    {
        var at = PositionOf(path);
        return new LocatedError(FileName, at.Line, at.Column, path, message);
    }

    /// <summary>Where the value at <paramref name="path"/> (or its closest present ancestor) starts.</summary>
    public SourcePosition PositionOf(string path)
    {
        for (var p = path; ; p = YamlPath.Parent(p))
        {
            if (_positions.TryGetValue(p, out var at)) return at;
            if (p.Length == 0) return new SourcePosition(1, 1);
        }
    }

    /// <summary>True if the path was read, i.e. it has a recorded position of its own.</summary>
    public bool WasRead(string path) => _positions.ContainsKey(path);

    /// <summary>Marks a path as not reliably read without reporting an error there.</summary>
    internal void MarkUnreadable(string path) => _errorPaths.Add(path);

    internal void Remember(string path, SourcePosition at) => _positions.TryAdd(path, at);

    internal static SourcePosition Position(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private static string Describe(YamlException e)
    {
        var message = e.Message.TrimEnd('.');
        if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
            return $"duplicate key '{message["Duplicate key ".Length..]}'";
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "syntax error";
    }
}
