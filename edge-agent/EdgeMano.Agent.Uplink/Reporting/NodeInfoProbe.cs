using System.Globalization;
using System.Runtime.InteropServices;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Reporting;

/// <summary>What the node says about itself (NodeInfo), read once at start: it does not change while the agent runs.</summary>
internal static class NodeInfoProbe
{
    public static Wire.NodeInfo Create(UplinkOptions options)
    {
        var info = new Wire.NodeInfo
        {
            NodeId = options.NodeId,
            Arch = Arch(RuntimeInformation.OSArchitecture),
            Runtime = options.RuntimeName,
            AgentVersion = options.AgentVersion,
            Capacity = new Wire.Capacity
            {
                CpuMillis = Environment.ProcessorCount * 1000L,
                MemoryBytes = MemTotal(File.Exists("/proc/meminfo") ? SafeRead("/proc/meminfo") : ""),
            },
        };
        foreach (var (key, value) in options.Labels) info.Labels.Add(key, value);
        return info;
    }

    /// <summary>Kubernetes/Go architecture names, which is what selectors and images use.</summary>
    public static string Arch(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>MemTotal from /proc/meminfo text ("MemTotal:  16314512 kB"), in bytes; 0 when absent.</summary>
    public static long MemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                return parts.Length > 1 && parts[1] == "kB" ? kb * 1024 : kb;
        }
        return 0;
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return ""; }
    }
}
