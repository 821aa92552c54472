using System.Globalization;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>
/// Copy-truncate rotation: the child keeps its O_APPEND descriptor on the original file, so the
/// file is copied to .1 (older ones shifted to .2 ...) and then truncated in place. Lines written
/// between the copy and the truncate are lost; that is the known price of not signalling the child.
/// </summary>
internal static class LogRotator
{
    /// <returns>true when the file was rotated.</returns>
    public static bool RotateIfLarger(string logPath, long maxBytes, int keepFiles) =>
        RotateIfLarger(new FileInfo(logPath), maxBytes, keepFiles);

    /// <summary>As above for a FileInfo kept by the caller: it is refreshed here (one stat, no allocation).</summary>
    public static bool RotateIfLarger(FileInfo log, long maxBytes, int keepFiles)
    {
        log.Refresh();
        if (!log.Exists || log.Length <= maxBytes) return false;
        var logPath = log.FullName;

        if (keepFiles > 0)
        {
            File.Delete(Numbered(logPath, keepFiles));
            for (var i = keepFiles - 1; i >= 1; i--)
            {
                var from = Numbered(logPath, i);
                if (File.Exists(from)) File.Move(from, Numbered(logPath, i + 1), overwrite: true);
            }
            File.Copy(logPath, Numbered(logPath, 1), overwrite: true);
        }
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.SetLength(0);
        return true;
    }

    public static string Numbered(string logPath, int index) => logPath + "." + index.ToString(CultureInfo.InvariantCulture);
}
