using System.Globalization;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Reads what the kernel says about a PID from /proc.</summary>
internal static class ProcFs
{
    /// <summary>
    /// The process start time (field 22 of /proc/PID/stat, clock ticks since boot) and its state letter.
    /// Together with the PID it names one process for good: a PID reused later gets another start time.
    /// </summary>
    public static bool TryReadStat(int pid, out ulong startTicks, out char state)
    {
        startTicks = 0;
        state = '?';
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // Field 2 (comm) is in parentheses and may itself hold spaces or ')': parse after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0) return false;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 22 is fields[19].
        if (fields.Length < 20 || fields[0].Length != 1) return false;
        state = fields[0][0];
        return ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTicks);
    }

    /// <summary>True only when <paramref name="pid"/> is alive (not a zombie) and is the very process that started at <paramref name="startTicks"/>.</summary>
    public static bool IsAlive(int pid, ulong startTicks) =>
        pid > 1 && TryReadStat(pid, out var ticks, out var state) && ticks == startTicks && state is not ('Z' or 'X' or 'x');
}
