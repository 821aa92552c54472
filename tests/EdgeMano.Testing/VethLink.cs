using System.Diagnostics;

namespace EdgeMano.Testing;

/// <summary>
/// A node behind its own link: a network namespace joined to the host by a veth pair on a private
/// /30 made for the test (host side .1, node side .2). The link can be cut and restored, and the
/// node side can drop a share of its packets (iptables statistic; this kernel has no netem).
/// Everything is removed on dispose.
/// </summary>
public sealed class VethLink : IDisposable
{
    private VethLink(string id, int subnet)
    {
        Namespace = "emn-" + id;
        HostDevice = "emh-" + id;
        NodeDevice = "emv-" + id;
        HostAddress = $"10.254.{subnet / 64}.{subnet % 64 * 4 + 1}";
        NodeAddress = $"10.254.{subnet / 64}.{subnet % 64 * 4 + 2}";
    }

    public string Namespace { get; }
    public string HostDevice { get; }
    public string NodeDevice { get; }
    /// <summary>The host's address on the link: what the node connects to.</summary>
    public string HostAddress { get; }
    public string NodeAddress { get; }

    public static VethLink Create()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var link = new VethLink(id, Random.Shared.Next(0, 64 * 250));
        try
        {
            Must("ip", "netns", "add", link.Namespace);
            Must("ip", "link", "add", link.HostDevice, "type", "veth", "peer", "name", link.NodeDevice);
            Must("ip", "link", "set", link.NodeDevice, "netns", link.Namespace);
            Must("ip", "addr", "add", link.HostAddress + "/30", "dev", link.HostDevice);
            Must("ip", "link", "set", link.HostDevice, "up");
            InNs(link, "ip", "addr", "add", link.NodeAddress + "/30", "dev", link.NodeDevice);
            InNs(link, "ip", "link", "set", link.NodeDevice, "up");
            InNs(link, "ip", "link", "set", "lo", "up");
            return link;
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    /// <summary>Takes the link down (as a cable pulled): packets in flight are lost, connections stall.</summary>
    public void Cut() => Must("ip", "link", "set", HostDevice, "down");

    public void Restore() => Must("ip", "link", "set", HostDevice, "up");

    /// <summary>Drops this share of the packets the node receives and sends (0.3 = 30%).</summary>
    public void DropPackets(double probability)
    {
        var p = probability.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        InNs(this, "iptables", "-A", "INPUT", "-i", NodeDevice, "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP");
        InNs(this, "iptables", "-A", "OUTPUT", "-o", NodeDevice, "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP");
    }

    /// <summary>Removes every packet-drop rule.</summary>
    public void StopDropping()
    {
        InNs(this, "iptables", "-F", "INPUT");
        InNs(this, "iptables", "-F", "OUTPUT");
    }

    /// <summary>Packets dropped so far by the rules (INPUT + OUTPUT), from iptables' counters.</summary>
    public long DroppedPackets()
    {
        long total = 0;
        foreach (var chain in new[] { "INPUT", "OUTPUT" })
        {
            var (_, output) = Run("ip", "netns", "exec", Namespace, "iptables", "-L", chain, "-v", "-n", "-x");
            foreach (var line in output.Split('\n').Where(l => l.Contains("DROP") && l.Contains("statistic")))
                if (long.TryParse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var n)) total += n;
        }
        return total;
    }

    public void Dispose()
    {
        Run("ip", "link", "del", HostDevice);
        Run("ip", "netns", "del", Namespace);
    }

    private static void InNs(VethLink link, params string[] args) => Must("ip", ["netns", "exec", link.Namespace, .. args]);

    private static void Must(string file, params string[] args)
    {
        var (code, output) = Run(file, args);
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {output.Trim()} (needs root, iproute2 and iptables: apt-get install -y iproute2 iptables)");
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
