using System.Buffers.Text;

namespace EdgeMano.Agent.Core.Memory;

/// <summary>One mapping of /proc/PID/smaps, as far as giving pages back goes.</summary>
/// <param name="Trimmable">File-backed, readable, not writable, private, and without an anonymous or dirty page.</param>
public readonly record struct SmapsMapping(ulong Start, ulong End, bool Trimmable, long RssKb);

/// <summary>
/// Reads /proc/PID/smaps text without allocating: the agent reads its own every 30 s to hand clean
/// executable pages back, and a parser that made strings would itself grow the heap it runs in.
/// </summary>
public static class Smaps
{
    /// <summary>Fills <paramref name="into"/> with the mappings of <paramref name="smaps"/> (ASCII); returns how many (at most its length).</summary>
    public static int Parse(ReadOnlySpan<byte> smaps, Span<SmapsMapping> into)
    {
        var count = 0;
        var open = false;
        ulong start = 0, end = 0;
        bool candidate = false, clean = true;
        long rss = 0;
        while (smaps.Length > 0 && count < into.Length)
        {
            var newline = smaps.IndexOf((byte)'\n');
            var line = newline < 0 ? smaps : smaps[..newline];
            smaps = newline < 0 ? default : smaps[(newline + 1)..];
            if (line.IsEmpty) continue;
            if (TryHeader(line, out var s, out var e, out var isCandidate))
            {
                if (open) into[count++] = new SmapsMapping(start, end, candidate && clean, rss);
                (start, end, candidate, clean, rss, open) = (s, e, isCandidate, true, 0, true);
                continue;
            }
            if (line.StartsWith("Rss:"u8)) rss = Kb(line);
            else if (line.StartsWith("Anonymous:"u8) || line.StartsWith("Private_Dirty:"u8) || line.StartsWith("Shared_Dirty:"u8))
                clean &= Kb(line) == 0;
        }
        if (open && count < into.Length) into[count++] = new SmapsMapping(start, end, candidate && clean, rss);
        return count;
    }

    /// <summary>"start-end perms offset dev inode [path]"; a candidate is a readable, non-writable, private regular file.</summary>
    private static bool TryHeader(ReadOnlySpan<byte> line, out ulong start, out ulong end, out bool candidate)
    {
        start = end = 0;
        candidate = false;
        var range = NextField(ref line);
        var dash = range.IndexOf((byte)'-');
        if (dash <= 0
            || !Utf8Parser.TryParse(range[..dash], out start, out var used, 'x') || used != dash
            || !Utf8Parser.TryParse(range[(dash + 1)..], out end, out used, 'x') || used != range.Length - dash - 1)
            return false;
        var perms = NextField(ref line);
        NextField(ref line); // offset
        NextField(ref line); // device
        if (NextField(ref line).IsEmpty) return false; // inode: a header always has it
        var path = line.Trim((byte)' ');
        candidate = perms.Length >= 4 && perms[0] == 'r' && perms[1] != 'w' && perms[3] == 'p'
            && path.StartsWith("/"u8) && !path.StartsWith("/dev/"u8) && !path.EndsWith("(deleted)"u8);
        return true;
    }

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> line)
    {
        line = line.TrimStart((byte)' ');
        var space = line.IndexOf((byte)' ');
        var field = space < 0 ? line : line[..space];
        line = space < 0 ? default : line[space..];
        return field;
    }

    private static long Kb(ReadOnlySpan<byte> line)
    {
        var value = line[(line.IndexOf((byte)':') + 1)..].TrimStart((byte)' ');
        return Utf8Parser.TryParse(value, out long kb, out _) ? kb : 0;
    }
}
