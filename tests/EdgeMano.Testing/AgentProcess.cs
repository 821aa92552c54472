using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace EdgeMano.Testing;

/// <summary>Result of one CLI invocation of the agent binary.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
}

/// <summary>
/// One agent under test: a state dir, a node id, the real AOT binary. Starts the daemon as its
/// own process (optionally inside a network namespace), runs CLI verbs, reads status as JSON,
/// and on dispose stops the daemon and removes what its node left behind.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly TempDir _dir = new("edgemano-agent-");
    private readonly StringBuilder _log = new();
    private Process? _daemon;

    public AgentProcess(string? nodeId = null, string binary = "")
    {
        NodeId = nodeId ?? "it-" + Guid.NewGuid().ToString("N")[..8];
        Binary = binary.Length > 0 ? binary : AgentBinary.Path;
    }

    public string NodeId { get; }
    public string Binary { get; }
    public string StateDir => _dir.Combine("state");
    public string WorkDir => _dir.Path;
    public int? DaemonPid => _daemon is { HasExited: false } d ? d.Id : null;
    /// <summary>Extra arguments for every verb (e.g. --resync-interval 1s).</summary>
    public List<string> CommonArgs { get; } = ["--resync-interval", "2s", "--stop-grace", "2s"];
    public Dictionary<string, string> Environment { get; } = new();
    /// <summary>What the daemon printed so far, for failure messages.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    private IEnumerable<string> Common => ["--state-dir", StateDir, "--node-id", NodeId, .. CommonArgs];

    /// <summary>Runs a CLI verb to completion.</summary>
    public Task<CliResult> CliAsync(params string[] args) => RunToEndAsync(Binary, [.. args, .. Common]);

    public Task<CliResult> ApplyAsync(string file) => CliAsync("apply", "-f", file);

    /// <summary>Writes YAML to a file in the work dir and applies it.</summary>
    public async Task<CliResult> ApplyYamlAsync(string yaml)
    {
        var path = System.IO.Path.Combine(WorkDir, $"desired-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return await ApplyAsync(path);
    }

    public async Task<JsonElement> StatusAsync()
    {
        var r = await CliAsync("status", "-o", "json");
        if (r.ExitCode != 0) throw new InvalidOperationException("status failed: " + r);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    /// <summary>Polls status until <paramref name="predicate"/> holds.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null, string what = "status")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await StatusAsync();
                if (predicate(last)) return last;
            }
            catch (InvalidOperationException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out waiting for {what}; last status: {last}\nagent log:\n{Log}");
    }

    /// <summary>Starts `run`; with <paramref name="netns"/> inside that network namespace.</summary>
    public void Start(string? netns = null, IDictionary<string, string>? extraEnv = null)
    {
        if (DaemonPid is not null) throw new InvalidOperationException("daemon already running");
        string file;
        List<string> args;
        if (netns is null) { file = Binary; args = ["run", .. Common]; }
        else { file = "ip"; args = ["netns", "exec", netns, Binary, "run", .. Common]; }
        var psi = NewStartInfo(file, args);
        if (extraEnv is not null) foreach (var (k, v) in extraEnv) psi.Environment[k] = v;
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _daemon = p;
    }

    /// <summary>Waits until the daemon answers status (its control socket is up).</summary>
    public Task WaitReadyAsync() => WaitForStatusAsync(s => s.GetProperty("agentRunning").GetBoolean(), TimeSpan.FromSeconds(30), "the daemon to answer");

    /// <summary>SIGTERM and wait: a clean stop (workloads keep running).</summary>
    public async Task StopAsync()
    {
        if (_daemon is not { } p || p.HasExited) return;
        Kill(p.Id, 15);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); throw new TimeoutException("agent did not stop within 20 s after SIGTERM\n" + Log); }
    }

    /// <summary>SIGKILL: the agent dies mid-flight, as in a crash or power cut of the agent alone.</summary>
    public async Task KillAsync()
    {
        if (_daemon is not { } p || p.HasExited) return;
        Kill(p.Id, 9);
        await p.WaitForExitAsync();
    }

    public int? ExitCode => _daemon is { HasExited: true } p ? p.ExitCode : null;

    private ProcessStartInfo NewStartInfo(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Isolate from the machine's own config and variables: each test states what it wants.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGEMANO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        psi.Environment["EDGEMANO_CONFIG"] = System.IO.Path.Combine(WorkDir, "agent.yaml");
        if (!File.Exists(psi.Environment["EDGEMANO_CONFIG"])) File.WriteAllText(psi.Environment["EDGEMANO_CONFIG"]!, "# test agent\n");
        foreach (var (k, v) in Environment) psi.Environment[k] = v;
        return psi;
    }

    private async Task<CliResult> RunToEndAsync(string file, IEnumerable<string> args)
    {
        using var p = new Process { StartInfo = NewStartInfo(file, args) };
        p.Start();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }

    private static void Kill(int pid, int signal) => Process.Start("kill", [$"-{signal}", pid.ToString()])!.WaitForExit();

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (TimeoutException) { }
        await CleanupNodeAsync();
        _daemon?.Dispose();
        _dir.Dispose();
    }

    /// <summary>Removes this node's containers and processes (only those labelled/marked with its id).</summary>
    public async Task CleanupNodeAsync()
    {
        await RunToEndAsync("sh", ["-c", $"ids=$(docker ps -aq --filter label=edgemano.node={NodeId}); [ -z \"$ids\" ] || docker rm -f $ids >/dev/null"]);
        foreach (var pid in ProcessesOfNode())
            try { Kill(pid, 9); } catch (InvalidOperationException) { }
    }

    /// <summary>PIDs of live processes carrying this node's EDGEMANO_NODE marker.</summary>
    public IReadOnlyList<int> ProcessesOfNode()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var environ = File.ReadAllText(System.IO.Path.Combine(dir, "environ"));
                if (environ.Split('\0').Contains("EDGEMANO_NODE=" + NodeId)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
