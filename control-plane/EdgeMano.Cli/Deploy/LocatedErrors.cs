using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Deploy;

/// <summary>The plane's validation errors as `FILE:LINE:COL: path: message`, pointing into the operator's file.</summary>
internal static class LocatedErrors
{
    public static IReadOnlyList<string> Format(string source, IReadOnlyList<ProblemErrorDto> errors) =>
        errors
            .OrderBy(e => e.Line <= 0)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .Select(e => Format(source, e))
            .ToList();

    public static string Format(string source, ProblemErrorDto error)
    {
        // line/column are 1-based, 0 = unknown (docs/api.md): then only the file is named.
        var where = error.Line > 0 ? $"{source}:{error.Line}:{Math.Max(error.Column, 1)}" : source;
        var path = string.IsNullOrEmpty(error.Path) ? "" : error.Path + ": ";
        return $"{where}: {path}{error.Message}";
    }
}
