using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>
/// A real `edgemano-agent run` with the process runtime (no Docker needed), connected to a plane's
/// embedded broker, so the plane has a node with real workloads for `status` to show.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    public const string BinaryVariable = "EDGEMANO_AGENT_BINARY";

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly TempDir _stateDir;

    private AgentProcess(Process process, StringBuilder log, TempDir stateDir)
    {
        _process = process;
        _log = log;
        _stateDir = stateDir;
    }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public static AgentProcess Start(string nodeId, string labels, int mqttPort)
    {
        var stateDir = new TempDir("edgemano-cli-agent-");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "run", "--node-id", nodeId, "--labels", labels, "--runtime", "process", "--state-dir", stateDir.Combine("state"),
            "--broker", "mqtt://127.0.0.1:" + mqttPort.ToString(CultureInfo.InvariantCulture),
        })
            psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGEMANO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);

        var log = new StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AgentProcess(process, log, stateDir);
    }

    /// <summary>
    /// SIGTERM by PID. The agent leaves its workloads running when it stops (by design), so tests
    /// delete their deployment and wait for the node to report no workloads before disposing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }
        _process.Dispose();
        _stateDir.Dispose();
    }

    /// <summary>$EDGEMANO_AGENT_BINARY (tests/run.sh sets the published AOT agent), else the agent's build output.</summary>
    public static string Binary
    {
        get
        {
            if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } fromEnv)
                return File.Exists(fromEnv) ? fromEnv : throw new InvalidOperationException($"{BinaryVariable}={fromEnv} does not exist");
            var configuration = typeof(AgentProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var candidate = Path.Combine(PlaneProcess.RepoRoot, "edge-agent", "EdgeMano.Agent.Host", "bin", configuration, "net10.0", "edgemano-agent");
            if (File.Exists(candidate)) return candidate;
            throw new InvalidOperationException(
                $"edgemano-agent not found at {candidate}: run `dotnet build edge-agent/EdgeMano.Agent.Host -c {configuration}` or set {BinaryVariable}");
        }
    }
}
