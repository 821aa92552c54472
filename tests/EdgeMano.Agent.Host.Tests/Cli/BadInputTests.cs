using EdgeMano.Testing;
using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Agent.Host.Tests.Resilience;

namespace EdgeMano.Agent.Host.Tests.Cli;

/// <summary>
/// Bad input to the real binary: each bad desired state, config file, node, revision or flag ends in
/// a non-zero exit with a message naming where and why (file:line:col and the field), never a
/// stack trace, and changes nothing on the node.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private static readonly string[] GoodNames = ["sleep-1", "sleep-2", "sleep-3"];
    private readonly AgentProcess _agent = new();

    public Task InitializeAsync()
    {
        _agent.CommonArgs.AddRange(["--runtime", "process"]);
        // A resync every second: "changes nothing" is checked after a full pass that follows the rejection.
        _agent.CommonArgs[_agent.CommonArgs.IndexOf("--resync-interval") + 1] = "1s";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    public static TheoryData<string, string, string> BadDesiredStates => new()
    {
        // file (examples/ or own), expected "line:col", expected field path or message
        { "bad/malformed.yaml", "7:4", "invalid YAML" },
        { "bad/unknown-field.yaml", "6:5", "workloads[0].imgae: unknown field 'imgae' (did you mean 'image'?)" },
        { "bad/bad-port.yaml", "9:19", "workloads[0].ports[0].hostPort: must be between 1 and 65535" },
        { "bad/duplicate-names.yaml", "7:11", "workloads[1].name: duplicate workload name 'web'" },
        { "bad/bad-image.yaml", "6:12", "workloads[0].image: repository 'Local/BusyBox' must be lowercase" },
        { "own:env-key", "7:17", "workloads[0].env.1BAD" },
        { "own:duration", "7:44", "workloads[0].restart.backoffUnit" },
        { "own:memory", "7:25", "workloads[0].resources.memory" },
        { "own:api-version", "1:13", "apiVersion: expected 'edgemano/v1'" },
        { "own:revision", "3:11", "revision: must be at least 1" },
        { "own:empty", "1:1", "the file is empty" },
    };

    [Theory]
    [MemberData(nameof(BadDesiredStates))]
    public async Task Apply_BadDesiredState_ExitsTwoNamingFileLineFieldAndChangesNothing(string file, string lineCol, string message)
    {
        var before = await StartWithGoodStateAsync();
        var path = file.StartsWith("own:", StringComparison.Ordinal) ? await WriteOwnAsync(file[4..]) : AgentBinary.Example(file);

        var result = await _agent.ApplyAsync(path);

        AgentStatusJson.AssertNoStackTrace(result, $"apply {file}");
        Assert.True(result.ExitCode == 2, $"expected exit 2 for {file}:\n{result}");
        Assert.Contains($"{path}:{lineCol}: {message}", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Apply_StateForAnotherNode_IsRejectedAndChangesNothing(bool daemonRunning)
    {
        var before = await StartWithGoodStateAsync();
        if (!daemonRunning) await _agent.StopAsync();
        var path = await WriteAsync("other-node.yaml", "apiVersion: edgemano/v1\nkind: DesiredState\nnodeId: some-other-node\nworkloads: []\n");

        var result = await _agent.ApplyAsync(path);

        AgentStatusJson.AssertNoStackTrace(result, "apply for another node");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{path}: rejected: nodeId: desired state is for node 'some-other-node' but this agent is node '{_agent.NodeId}'", result.StdErr, StringComparison.Ordinal);
        if (!daemonRunning) _agent.Start();
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Apply_StaleExplicitRevision_IsRejectedAndChangesNothing(bool daemonRunning)
    {
        await StartWithGoodStateAsync();
        var five = await _agent.ApplyYamlAsync(AgentStatusJson.SleepWorkloads(3, "five").Replace("kind: DesiredState\n", "kind: DesiredState\nrevision: 5\n", StringComparison.Ordinal));
        Assert.True(five.ExitCode == 0 && five.StdOut.StartsWith("applied revision 5 ", StringComparison.Ordinal), five.ToString());
        var before = await _agent.WaitForStatusAsync(s => s.ObservedRevisionOf() == 5 && s.AllRunning(GoodNames), what: "revision 5 running");
        if (!daemonRunning) await _agent.StopAsync();

        foreach (var stale in new[] { 3, 5 })
        {
            var path = await WriteAsync($"stale-{stale}.yaml", $"apiVersion: edgemano/v1\nkind: DesiredState\nrevision: {stale}\nworkloads: []\n");
            var result = await _agent.ApplyAsync(path);

            AgentStatusJson.AssertNoStackTrace(result, $"apply revision {stale}");
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"{path}: rejected: revision: {stale} is not newer than the revision in force (5); nothing changed", result.StdErr, StringComparison.Ordinal);
        }
        if (!daemonRunning) _agent.Start();
        await AssertUnchangedAsync(before.Pids(), revision: 5);
    }

    public static TheoryData<string, string, string> BadConfigFiles => new()
    {
        // config text, expected "line:col" (or "line:"), expected text naming the key
        { "nodeId: n1\nresyncIntervall: 5s\n", "2:1", "unknown setting 'resyncIntervall'" },
        { "nodeId: n1\nresyncInterval: soon\n", "2:17", "resyncInterval: expected a duration" },
        { "nodeId: n1\nruntime: podman\n", "2:10", "runtime: expected auto, docker, containerd, kubernetes or process" },
        { "nodeId: n1\n  stateDir: [\n", "2:", "invalid YAML" },
        { "- nodeId\n- n1\n", "1:1", "expected a mapping of settings" },
    };

    [Theory]
    [MemberData(nameof(BadConfigFiles))]
    public async Task AnyVerb_BadConfigFile_ExitsTwoNamingFileLineAndKey(string text, string lineCol, string message)
    {
        // No setting flags beyond --node-id/--state-dir: a flag would replace (and hide) the file's value.
        _agent.CommonArgs.Clear();
        var config = await WriteAsync("bad-agent.yaml", text);
        // `run` last: should a bad file pass, status or apply fails the test before a daemon could start.
        foreach (var verb in new[] { "status", "apply", "run" })
        {
            string[] args = verb == "apply" ? ["apply", "-f", AgentBinary.Example("ten-processes.yaml")] : [verb];
            var result = await _agent.CliAsync([.. args, "--config", config]);

            AgentStatusJson.AssertNoStackTrace(result, $"{verb} with a bad config");
            Assert.True(result.ExitCode == 2, $"{verb}: expected exit 2:\n{result}");
            Assert.Contains($"{config}:{lineCol}", result.StdErr, StringComparison.Ordinal);
            Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
            foreach (var line in result.StdErr.Split('\n'))
            {
                var quoted = System.Text.RegularExpressions.Regex.Matches(line, "'[^']*'").Select(m => m.Value).ToList();
                Assert.True(quoted.Count == quoted.Distinct().Count(), $"the message says the same thing twice: {line}");
            }
        }
        // Nothing was created: no store, no daemon.
        Assert.False(File.Exists(Path.Combine(_agent.StateDir, "agent.db")), "a bad config must not create a store");
    }

    [Theory]
    [InlineData("apply", "-f", "x.yaml", "--bogus")]
    [InlineData("status", "--bogus")]
    [InlineData("run", "--bogus")]
    [InlineData("--bogus")]
    [InlineData("frobnicate")]
    public async Task Cli_UnknownFlagOrVerb_FailsWithAHelpfulMessage(params string[] args)
    {
        var result = await _agent.CliAsync(args);

        AgentStatusJson.AssertNoStackTrace(result, string.Join(' ', args));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Unrecognized command or argument '{args[^1]}'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.StdOut + result.StdErr, StringComparison.Ordinal);
        Assert.Null(_agent.DaemonPid);
        Assert.False(File.Exists(Path.Combine(_agent.StateDir, "agent.db")), "a rejected command line must not create a store");
    }

    [Theory]
    [InlineData("--resync-interval", "soon", "flag --resync-interval: resyncInterval")]
    [InlineData("--node-id", "bad id!", "flag --node-id: nodeId")]
    [InlineData("--log-level", "loud", "flag --log-level: logLevel")]
    public async Task Cli_BadFlagValue_ExitsTwoNamingTheFlag(string flag, string value, string message)
    {
        // Called directly: AgentProcess passes its own --node-id and --resync-interval.
        var env = new Dictionary<string, string> { ["EDGEMANO_CONFIG"] = Path.Combine(_agent.WorkDir, "agent.yaml") };
        await File.WriteAllTextAsync(env["EDGEMANO_CONFIG"], "# empty\n");
        var result = await RawAgent.RunAsync(["status", flag, value, "--state-dir", _agent.StateDir], env);

        AgentStatusJson.AssertNoStackTrace(result, $"{flag} {value}");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>Starts the daemon with three sleep processes at revision 1; returns name → PID.</summary>
    private async Task<Dictionary<string, int>> StartWithGoodStateAsync()
    {
        _agent.Start();
        await _agent.WaitReadyAsync();
        var applied = await _agent.ApplyYamlAsync(AgentStatusJson.SleepWorkloads(3, "good"));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var status = await _agent.WaitForStatusAsync(s => s.ObservedRevisionOf() == 1 && s.AllRunning(GoodNames), what: "the good state running");
        return status.Pids();
    }

    private async Task AssertUnchangedAsync(Dictionary<string, int> before, long revision = 1)
    {
        if (_agent.DaemonPid is null) throw new InvalidOperationException("the daemon should be running here");
        await _agent.WaitReadyAsync();
        // Give a rejected change every chance to show: a full resync pass after the rejection.
        var first = (await _agent.StatusAsync()).LastReconcileOf();
        var status = await _agent.WaitForStatusAsync(s => s.LastReconcileOf() > first, what: "a resync after the rejection");
        Assert.Equal(revision, status.DesiredRevisionOf());
        Assert.Equal(revision, status.ObservedRevisionOf());
        Assert.True(status.AllRunning(GoodNames), $"workloads changed: {status}");
        Assert.Equal(before, status.Pids());
        Assert.Equal(before.Values.Order(), _agent.ProcessesOfNode().Order());
        AgentStatusJson.AssertNoStackTrace(_agent.Log, "daemon log");
    }

    private Task<string> WriteOwnAsync(string name) => WriteAsync(name + ".yaml", name switch
    {
        "env-key" => Process("    env: {1BAD: x}\n"),
        "duration" => Process("    restart: {policy: always, backoffUnit: soon}\n"),
        "memory" => Process("    resources: {memory: 64m}\n"),
        "api-version" => "apiVersion: edgemano/v2\nkind: DesiredState\nworkloads: []\n",
        "revision" => "apiVersion: edgemano/v1\nkind: DesiredState\nrevision: -1\nworkloads: []\n",
        "empty" => "",
        _ => throw new ArgumentException(name),
    });

    /// <summary>One process workload whose 7th line is <paramref name="line7"/>.</summary>
    private static string Process(string line7) =>
        "apiVersion: edgemano/v1\nkind: DesiredState\nworkloads:\n  - name: worker\n    kind: process\n    command: [/bin/sleep, \"3600\"]\n" + line7;

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_agent.WorkDir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task Run_StateDirOfAnotherNode_RefusesToStartNamingBothNodes()
    {
        Assert.Equal(0, (await _agent.ApplyAsync(AgentBinary.Example("ten-processes.yaml"))).ExitCode);
        var other = await RawAgent.RunAsync(["run", "--state-dir", _agent.StateDir, "--node-id", "someone-else", "--runtime", "process"]);

        AgentStatusJson.AssertNoStackTrace(other, "run as another node");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains($"holds desired state for node '{_agent.NodeId}' but this agent is node 'someone-else'", other.StdErr, StringComparison.Ordinal);
        Assert.Empty(_agent.ProcessesOfNode());
    }
}
