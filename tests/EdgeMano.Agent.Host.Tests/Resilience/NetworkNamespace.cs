using System.Diagnostics;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>
/// A fresh network namespace (`ip netns add`): only a loopback that is down, no route anywhere,
/// as a node that boots with no network. Deleted on dispose.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetworkNamespace Create()
    {
        var ns = new NetworkNamespace("em-" + Guid.NewGuid().ToString("N")[..10]);
        var (code, output) = Run("ip", "netns", "add", ns.Name);
        if (code != 0) throw new InvalidOperationException($"ip netns add {ns.Name} failed ({code}): {output} (needs root and iproute2)");
        return ns;
    }

    /// <summary>The interfaces inside, as `ip -o link` lists them.</summary>
    public string Links() => Run("ip", "netns", "exec", Name, "ip", "-o", "link").Output;

    /// <summary>The network namespace a process is in (the target of /proc/PID/ns/net).</summary>
    public static string NamespaceOf(int pid) => new FileInfo($"/proc/{pid}/ns/net").LinkTarget ?? "";

    public static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    public void Dispose() => Run("ip", "netns", "del", Name);
}
