using System.Buffers.Text;
using System.Globalization;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Reads what the kernel says about a PID from /proc.</summary>
internal static class ProcFs
{
    // Field 22 ends within ~450 bytes even with every earlier field at its widest (comm is at most
    // 15 bytes + parentheses, numbers at most 20 digits), so one small stack buffer is enough.
    private const int StatBufferSize = 1024;

    /// <summary>
    /// The process start time (field 22 of /proc/PID/stat, clock ticks since boot) and its state letter.
    /// Together with the PID it names one process for good: a PID reused later gets another start time.
    /// </summary>
    /// <remarks>
    /// The driver asks this for every workload twice a second, so it allocates nothing: the path and
    /// the file's bytes live on the stack and the line is parsed in place.
    /// </remarks>
    public static bool TryReadStat(int pid, out ulong startTicks, out char state)
    {
        startTicks = 0;
        state = '?';
        Span<byte> path = stackalloc byte[32];
        if (!TryFormatStatPath(pid, path)) return false;
        Span<byte> buffer = stackalloc byte[StatBufferSize];
        var length = Libc.ReadSmallFile(path, buffer);
        return length > 0 && TryParseStat(buffer[..length], out startTicks, out state);
    }

    /// <summary>True only when <paramref name="pid"/> is alive (not a zombie) and is the very process that started at <paramref name="startTicks"/>.</summary>
    public static bool IsAlive(int pid, ulong startTicks) =>
        pid > 1 && TryReadStat(pid, out var ticks, out var state) && ticks == startTicks && state is not ('Z' or 'X' or 'x');

    /// <summary>Parses the state (field 3) and start time (field 22) out of one /proc/PID/stat line.</summary>
    internal static bool TryParseStat(ReadOnlySpan<byte> stat, out ulong startTicks, out char state)
    {
        startTicks = 0;
        state = '?';
        // Field 2 (comm) is in parentheses and may itself hold spaces or ')': parse after the last ')'.
        var close = stat.LastIndexOf((byte)')');
        if (close < 0) return false;
        var rest = stat[(close + 1)..];
        // rest holds fields 3, 4, ... separated by single spaces; field 22 is the 20th of them.
        for (var field = 3; ; field++)
        {
            rest = rest.TrimStart((byte)' ');
            if (rest.IsEmpty) return false;
            var end = rest.IndexOfAny((byte)' ', (byte)'\n');
            var value = end < 0 ? rest : rest[..end];
            if (field == 3)
            {
                if (value.Length != 1) return false;
                state = (char)value[0];
            }
            else if (field == 22)
            {
                // Field 22 must be complete: followed by a separator, not cut off by the buffer.
                return end >= 0 && value.Length > 0 && value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                    && Utf8Parser.TryParse(value, out startTicks, out var consumed) && consumed == value.Length;
            }
            if (end < 0) return false;
            rest = rest[end..];
        }
    }

    /// <summary>"/proc/{pid}/stat" as a NUL-terminated UTF-8 path.</summary>
    private static bool TryFormatStatPath(int pid, Span<byte> path)
    {
        if (pid <= 0) return false;
        "/proc/"u8.CopyTo(path);
        if (!pid.TryFormat(path[6..], out var digits, default, CultureInfo.InvariantCulture)) return false;
        var tail = path[(6 + digits)..];
        if (tail.Length < 6) return false;
        "/stat\0"u8.CopyTo(tail);
        return true;
    }
}
