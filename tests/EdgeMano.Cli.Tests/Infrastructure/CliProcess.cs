using System.Diagnostics;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>
/// The built `edgemano` executable (copied next to the tests by the project reference) run as its
/// own process with exactly the given arguments and EDGEMANO_* variables (none inherited).
/// </summary>
internal static class CliProcess
{
    public static string Binary => Path.Combine(AppContext.BaseDirectory, "edgemano");

    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? env = null,
        string? workingDirectory = null)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} not found: build tests/EdgeMano.Cli.Tests (it references control-plane/EdgeMano.Cli)");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Fixture.Directory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGEMANO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;

        using var p = new Process { StartInfo = psi };
        p.Start();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            throw new TimeoutException($"edgemano {string.Join(' ', psi.ArgumentList)} did not exit within 60 s");
        }
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
