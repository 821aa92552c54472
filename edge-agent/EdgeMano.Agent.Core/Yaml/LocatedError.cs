namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// One problem in a file, located for an operator: <c>file:line:col: path: message</c>.
/// Line and column are 1-based; 0 means the position is unknown (the input was not a file).
/// </summary>
public sealed record LocatedError(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Path.Length > 0 ? $"{where}: {Path}: {Message}" : $"{where}: {Message}";
    }
}

/// <summary>A 1-based line and column in a source text.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static readonly SourcePosition Unknown = new(0, 0);

    public override string ToString() => $"{Line}:{Column}";
}
