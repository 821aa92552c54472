using EdgeMano.Testing;
using System.Diagnostics;
using EdgeMano.Agent.Host.Tests.Infrastructure;

namespace EdgeMano.Agent.Host.Tests.Cli;

/// <summary>
/// The agent binary called with exactly the given arguments and EDGEMANO_* variables (none
/// inherited from the machine), for tests where AgentProcess's own --node-id/--state-dir would
/// hide what is being tested.
/// </summary>
public static class RawAgent
{
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? binary = null)
    {
        using var p = new Process { StartInfo = StartInfo(args, env, binary) };
        p.Start();
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the binary (e.g. `run`) and returns the live process; output is collected into <paramref name="log"/>.</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, System.Text.StringBuilder log, string? binary = null)
    {
        var p = new Process { StartInfo = StartInfo(args, env, binary) };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>SIGTERM to one process we started, then wait for it.</summary>
    public static async Task StopAsync(Process p)
    {
        if (p.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(); }
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, string? binary)
    {
        var psi = new ProcessStartInfo(binary ?? AgentBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGEMANO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }
}
