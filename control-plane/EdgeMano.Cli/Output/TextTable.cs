using System.Text;

namespace EdgeMano.Cli.Output;

/// <summary>kubectl-style table: upper-case headers, columns left-aligned and three spaces apart.</summary>
internal static class TextTable
{
    private const string Gap = "   ";

    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var cells = rows.Select(r => r.Select(Clean).ToArray()).ToList();
        var widths = header.Select((h, i) => cells.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        var b = new StringBuilder();
        Append(b, header.ToArray(), widths);
        foreach (var row in cells) Append(b, row, widths);
        return b.ToString();
    }

    /// <summary>"&lt;none&gt;" for an empty value, as kubectl prints it.</summary>
    public static string OrNone(string? value) => string.IsNullOrWhiteSpace(value) ? "<none>" : value;

    /// <summary>Shortens a long cell (e.g. an error message) to <paramref name="max"/> characters.</summary>
    public static string Truncate(string? value, int max)
    {
        var text = Clean(value ?? "");
        return text.Length <= max ? text : text[..(max - 3)] + "...";
    }

    /// <summary>k=v,k2=v2 sorted by key, or "&lt;none&gt;".</summary>
    public static string Labels(IReadOnlyDictionary<string, string>? labels, string none = "<none>") =>
        labels is null || labels.Count == 0 ? none
            : string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static void Append(StringBuilder b, string[] row, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < row.Length ? row[i] : "";
            line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i]));
            if (i < widths.Length - 1) line.Append(Gap);
        }
        b.Append(line.ToString().TrimEnd()).Append('\n');
    }

    /// <summary>One line per row: line breaks and other control characters become spaces.</summary>
    private static string Clean(string value)
    {
        if (!value.Any(char.IsControl)) return value;
        return new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
