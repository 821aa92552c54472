using EdgeMano.Testing;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Agent.Host.Tests.Resilience;

namespace EdgeMano.Agent.Host.Tests.Cli;

/// <summary>
/// A setting given as a flag beats the same setting in the environment, which beats the config
/// file (EDGEMANO_CONFIG). The binary is called directly: AgentProcess always passes --node-id and
/// --state-dir itself, which would hide the lower levels.
/// </summary>
public sealed class SettingsPrecedenceTests : IAsyncLifetime
{
    private readonly AgentProcess _agent = new();
    private readonly List<Process> _daemons = [];

    private string ConfigPath => Path.Combine(_agent.WorkDir, "agent.yaml");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var daemon in _daemons) { await RawAgent.StopAsync(daemon); daemon.Dispose(); }
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task NodeId_FlagBeatsEnvironmentBeatsFile()
    {
        await File.WriteAllTextAsync(ConfigPath, "# the file's word\nnodeId: node-from-file\nruntime: process\n");
        _agent.Environment["EDGEMANO_CONFIG"] = ConfigPath;
        _agent.Environment["EDGEMANO_NODE_ID"] = "node-from-env";

        Assert.Equal("node-from-flag", await RunDaemonAndReadNodeIdAsync("--node-id", "node-from-flag"));
        Assert.Equal("node-from-env", await RunDaemonAndReadNodeIdAsync());
        _agent.Environment.Remove("EDGEMANO_NODE_ID");
        Assert.Equal("node-from-file", await RunDaemonAndReadNodeIdAsync());
    }

    [Fact]
    public async Task StateDir_FlagBeatsEnvironmentBeatsFile()
    {
        var fromFile = Path.Combine(_agent.WorkDir, "state-file");
        var fromEnv = Path.Combine(_agent.WorkDir, "state-env");
        var fromFlag = Path.Combine(_agent.WorkDir, "state-flag");
        await File.WriteAllTextAsync(ConfigPath, $"stateDir: {fromFile}\nruntime: process\n");
        _agent.Environment["EDGEMANO_CONFIG"] = ConfigPath;
        _agent.Environment["EDGEMANO_STATE_DIR"] = fromEnv;
        string[] all = [fromFile, fromEnv, fromFlag];

        await RunDaemonAndAssertStateDirAsync(["--node-id", "n1", "--state-dir", fromFlag], fromFlag, all);
        await RunDaemonAndAssertStateDirAsync(["--node-id", "n1"], fromEnv, all);
        _agent.Environment.Remove("EDGEMANO_STATE_DIR");
        await RunDaemonAndAssertStateDirAsync(["--node-id", "n1"], fromFile, all);
    }

    [Fact]
    public async Task ResyncInterval_BadEnvironmentValueUnderAGoodFlag_FlagWinsAndNothingComplains()
    {
        // The flag replaces the environment's value before checking, so a bad lower level is not an error.
        await File.WriteAllTextAsync(ConfigPath, "nodeId: n1\n");
        _agent.Environment["EDGEMANO_CONFIG"] = ConfigPath;
        _agent.Environment["EDGEMANO_RESYNC_INTERVAL"] = "soon";
        var stateDir = Path.Combine(_agent.WorkDir, "state");
        var apply = Path.Combine(_agent.WorkDir, "empty.yaml");
        await File.WriteAllTextAsync(apply, AgentStatusJson.SleepWorkloads(0, "0"));

        var bad = await RawAgent.RunAsync(["apply", "-f", apply, "--state-dir", stateDir], _agent.Environment);
        AgentStatusJson.AssertNoStackTrace(bad, "apply with a bad variable");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("environment variable EDGEMANO_RESYNC_INTERVAL", bad.StdErr, StringComparison.Ordinal);

        var good = await RawAgent.RunAsync(["apply", "-f", apply, "--state-dir", stateDir, "--resync-interval", "5s"], _agent.Environment);
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("for node n1", good.StdOut, StringComparison.Ordinal);
    }

    /// <summary>Runs the daemon with <paramref name="args"/>, reads the node id it reports, checks `apply` resolves the same one, stops it.</summary>
    private async Task<string> RunDaemonAndReadNodeIdAsync(params string[] nodeFlag)
    {
        // A fresh store each time: the node id must come from the settings, not from a stored desired state.
        var stateDir = Path.Combine(_agent.WorkDir, "state-" + Guid.NewGuid().ToString("N")[..8]);
        string[] args = ["--state-dir", stateDir, .. nodeFlag];
        var (daemon, log) = await StartDaemonAsync(args, stateDir);
        var status = await StatusAsync(args, log);
        Assert.True(status.GetProperty("agentRunning").GetBoolean(), $"status did not come from the daemon: {status}");
        var nodeId = status.NodeIdOf();

        // `apply` resolves its settings the same way: an empty desired state for the daemon's node.
        var empty = Path.Combine(_agent.WorkDir, "empty.yaml");
        await File.WriteAllTextAsync(empty, AgentStatusJson.SleepWorkloads(0, "0"));
        var applied = await RawAgent.RunAsync(["apply", "-f", empty, .. args], _agent.Environment);
        AgentStatusJson.AssertNoStackTrace(applied, "apply");
        Assert.True(applied.ExitCode == 0, $"apply with the daemon's own settings was refused:\n{applied}\n{log}");
        Assert.Contains($"for node {nodeId} to the running agent", applied.StdOut, StringComparison.Ordinal);

        await RawAgent.StopAsync(daemon);
        Assert.True(daemon.ExitCode == 0, $"daemon exited {daemon.ExitCode}\n{log}");
        return nodeId;
    }

    private async Task RunDaemonAndAssertStateDirAsync(string[] args, string expected, string[] all)
    {
        var (daemon, log) = await StartDaemonAsync(args, expected);
        var status = await StatusAsync(args, log);
        Assert.True(status.GetProperty("agentRunning").GetBoolean(), $"status did not come from the daemon: {status}");
        Assert.True(File.Exists(Path.Combine(expected, "agent.db")), $"no store in {expected}\n{log}");
        foreach (var other in all.Where(d => d != expected))
            Assert.False(File.Exists(Path.Combine(other, "agent.sock")), $"a daemon expected in {expected} listens in {other}\n{log}");
        Assert.Contains($"state {expected}", log.ToString(), StringComparison.Ordinal);
        await RawAgent.StopAsync(daemon);
        Assert.True(daemon.ExitCode == 0, $"daemon exited {daemon.ExitCode}\n{log}");
    }

    /// <summary>Starts `run` and waits until its control socket appears in <paramref name="stateDir"/>.</summary>
    private async Task<(Process Daemon, StringBuilder Log)> StartDaemonAsync(string[] args, string stateDir)
    {
        var log = new StringBuilder();
        var daemon = RawAgent.Start(["run", .. args], _agent.Environment, log);
        _daemons.Add(daemon);
        var socket = Path.Combine(stateDir, "agent.sock");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(socket))
        {
            if (daemon.HasExited) Assert.Fail($"daemon exited {daemon.ExitCode} before listening on {socket}:\n{log}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"no control socket at {socket} after 20 s:\n{log}");
            await Task.Delay(50);
        }
        return (daemon, log);
    }

    private async Task<JsonElement> StatusAsync(string[] args, StringBuilder log)
    {
        var result = await RawAgent.RunAsync(["status", "-o", "json", .. args], _agent.Environment);
        AgentStatusJson.AssertNoStackTrace(result, "status");
        Assert.True(result.ExitCode == 0, $"status failed:\n{result}\n{log}");
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }
}
