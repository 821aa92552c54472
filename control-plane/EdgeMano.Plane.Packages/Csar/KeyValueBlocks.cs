namespace EdgeMano.Plane.Packages.Csar;

/// <summary>One "Key: Value" line of a TOSCA.meta or manifest file, with where it is.</summary>
internal sealed record KeyValueLine(string Key, string Value, int Line, int ValueColumn);

/// <summary>
/// The line format TOSCA.meta and SOL004 manifests share: "Key: Value" lines in blocks separated
/// by blank lines. Indented lines belong to the block header above them ("metadata:").
/// </summary>
internal static class KeyValueBlocks
{
    /// <summary>Blocks of lines; a line that is not "Key: Value" is returned with an empty key.</summary>
    public static List<List<KeyValueLine>> Parse(string text)
    {
        var blocks = new List<List<KeyValueLine>>();
        var current = new List<KeyValueLine>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0) blocks.Add(current);
                current = [];
                continue;
            }
            if (line.TrimStart().StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                current.Add(new KeyValueLine("", line.Trim(), i + 1, 1));
                continue;
            }
            var valueStart = colon + 1;
            while (valueStart < line.Length && line[valueStart] == ' ') valueStart++;
            current.Add(new KeyValueLine(line[..colon], line[valueStart..].TrimEnd(), i + 1, valueStart + 1));
        }
        if (current.Count > 0) blocks.Add(current);
        return blocks;
    }
}
