using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Packages;

/// <summary>
/// A package's errors and notes as `FILE:LINE:COL: PATH: MESSAGE`. FILE is the file inside the
/// package; when the package is a directory on this machine it is prefixed with that directory
/// (so an editor can open it), and a single descriptor file is named as the operator wrote it.
/// </summary>
internal static class PackageErrors
{
    public static IReadOnlyList<string> Format(PackageUpload upload, IReadOnlyList<ProblemErrorDto> errors) =>
        errors
            .OrderBy(e => FileOf(upload, e), StringComparer.Ordinal)
            .ThenBy(e => e.Line <= 0)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .Select(e => Format(upload, e))
            .ToList();

    public static string Format(PackageUpload upload, ProblemErrorDto error) => Located(FileOf(upload, error), error);

    /// <summary>A stored package's note, its file named as the plane names it.</summary>
    public static string Note(ProblemErrorDto note) => Located(string.IsNullOrWhiteSpace(note.File) ? "<package>" : note.File, note);

    private static string Located(string file, ProblemErrorDto error)
    {
        // line/column are 1-based, 0 = unknown (docs/api.md): then only the file is named.
        var where = error.Line > 0 ? $"{file}:{error.Line}:{Math.Max(error.Column, 1)}" : file;
        var path = string.IsNullOrEmpty(error.Path) ? "" : error.Path + ": ";
        return $"{where}: {path}{error.Message}";
    }

    internal static string FileOf(PackageUpload upload, ProblemErrorDto error)
    {
        var file = error.File?.Trim();
        if (string.IsNullOrEmpty(file) || (!upload.IsDirectory && file == upload.FileName)) return upload.Source;
        if (!upload.IsDirectory) return file;
        // The plane names files by their zip entry ('/' separated, relative): the same file under the directory.
        var relative = file.TrimStart('/');
        return upload.Source.EndsWith('/') ? upload.Source + relative : upload.Source + "/" + relative;
    }
}
