using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>
/// Gives the kernel back the clean pages of the agent's executable and libraries that start-up
/// touched and the idle loop does not. The executable is ~14 MB; the kernel maps it in 64 KB
/// steps around every page fault (fault-around), so after start nearly all of it counts in the
/// agent's RSS although an idle agent runs a small part of it. Those pages are only page-cache
/// copies of the file: dropping them from our mappings (madvise DONTNEED) loses nothing, and a
/// page that is needed again is mapped back from the page cache on its next touch. Only mappings
/// that are not writable and hold no private (modified) page are touched: relocated read-only data
/// (RELRO) has private copies and must stay.
/// </summary>
internal static partial class WorkingSetTrim
{
    private const int MadviseDontNeed = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);

    /// <summary>Trims once; returns the kB of resident file pages released (as smaps counted them).</summary>
    public static long Trim()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        string smaps;
        try
        {
            smaps = File.ReadAllText("/proc/self/smaps");
        }
        catch (IOException)
        {
            return 0;
        }
        long released = 0;
        foreach (var mapping in Parse(smaps))
        {
            if (!mapping.Trimmable) continue;
            if (madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), MadviseDontNeed) == 0) released += mapping.RssKb;
        }
        return released;
    }

    /// <summary>Trims after <paramref name="firstDelay"/> and then every <paramref name="period"/> until cancelled.</summary>
    public static async Task RunAsync(TimeSpan firstDelay, TimeSpan period, Action<long> trimmed, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(firstDelay, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                trimmed(Trim());
                await Task.Delay(period, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal readonly record struct Mapping(ulong Start, ulong End, bool Trimmable, long RssKb);

    /// <summary>Mappings of /proc/self/smaps: trimmable = file-backed, not writable, no anonymous or dirty private page.</summary>
    internal static IEnumerable<Mapping> Parse(string smaps)
    {
        ulong start = 0, end = 0;
        bool candidate = false, clean = true, open = false;
        long rss = 0;
        foreach (var raw in smaps.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0) continue;
            if (IsHeader(line, out var s, out var e, out var isCandidate))
            {
                if (open) yield return new Mapping(start, end, candidate && clean, rss);
                (start, end, candidate, clean, rss, open) = (s, e, isCandidate, true, 0, true);
                continue;
            }
            if (line.StartsWith("Rss:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal)
                || line.StartsWith("Shared_Dirty:", StringComparison.Ordinal))
                clean &= Kb(line) == 0;
        }
        if (open) yield return new Mapping(start, end, candidate && clean, rss);
    }

    /// <summary>"start-end perms offset dev inode [path]": a header line; a candidate is a readable, non-writable regular file.</summary>
    private static bool IsHeader(string line, out ulong start, out ulong end, out bool candidate)
    {
        start = end = 0;
        candidate = false;
        var dash = line.IndexOf('-');
        var space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash
            || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out start)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out end))
            return false;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5) return false;
        var perms = fields[1];
        var path = fields.Length == 6 ? fields[5].Trim() : "";
        candidate = perms.Length >= 4 && perms[0] == 'r' && perms[1] != 'w' && perms[3] == 'p'
            && path.StartsWith('/') && !path.StartsWith("/dev/", StringComparison.Ordinal) && !path.EndsWith("(deleted)", StringComparison.Ordinal);
        return true;
    }

    private static long Kb(string line)
    {
        var digits = line.AsSpan(line.IndexOf(':') + 1).Trim();
        var unit = digits.IndexOf(' ');
        if (unit > 0) digits = digits[..unit];
        return long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : 0;
    }
}
