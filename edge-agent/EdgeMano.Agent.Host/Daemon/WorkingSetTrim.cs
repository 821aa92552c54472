using System.Runtime.InteropServices;
using EdgeMano.Agent.Core.Memory;

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

    // Kept between trims (the agent is its only user: one trim loop), so a trim allocates nothing
    // but the file handle: smaps of this process is ~100-200 KB and has a few hundred mappings.
    private static byte[] _text = new byte[256 * 1024];
    private static SmapsMapping[] _mappings = new SmapsMapping[1024];

    /// <summary>Trims once; returns the kB of resident file pages released (as smaps counted them).</summary>
    public static long Trim()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        int length;
        try
        {
            length = ReadSmaps();
        }
        catch (IOException)
        {
            return 0;
        }
        int count;
        while ((count = Smaps.Parse(_text.AsSpan(0, length), _mappings)) == _mappings.Length) _mappings = new SmapsMapping[_mappings.Length * 2];
        long released = 0;
        foreach (var mapping in _mappings.AsSpan(0, count))
        {
            if (!mapping.Trimmable) continue;
            if (madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), MadviseDontNeed) == 0) released += mapping.RssKb;
        }
        return released;
    }

    /// <summary>Reads /proc/self/smaps whole into <see cref="_text"/> (proc files have no size: read to the end, growing the buffer).</summary>
    private static int ReadSmaps()
    {
        using var handle = File.OpenHandle("/proc/self/smaps");
        var length = 0;
        while (true)
        {
            if (length == _text.Length) Array.Resize(ref _text, _text.Length * 2);
            var read = RandomAccess.Read(handle, _text.AsSpan(length), length);
            if (read == 0) return length;
            length += read;
        }
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
}
