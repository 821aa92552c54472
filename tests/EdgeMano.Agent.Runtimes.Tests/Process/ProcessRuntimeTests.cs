using System.Diagnostics;
using System.Globalization;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Processes;
using EdgeMano.Agent.Runtimes.Tests.Contract;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Processes;

/// <summary>The driver contract plus what only bare-metal processes have: adoption by PID, process groups, log files.</summary>
public sealed class ProcessRuntimeTests : RuntimeDriverContract
{
    private readonly TempDir _state = new("edgemano-proc-");
    private Func<ProcessRuntimeOptions, ProcessRuntimeOptions> _tune = o => o;

    protected override IWorkloadRuntime CreateDriver(string nodeId) =>
        new ProcessRuntime(_tune(new ProcessRuntimeOptions { StateDirectory = _state.Path, NodeId = nodeId }));

    protected override WorkloadSpec LongRunning(string name, IReadOnlyDictionary<string, string>? env = null) =>
        Spec(name, ["/bin/sleep", "3600"], env);

    protected override WorkloadSpec ExitsWith(string name, int exitCode) =>
        Spec(name, ["/bin/sh", "-c", $"sleep 0.5; exit {exitCode.ToString(CultureInfo.InvariantCulture)}"]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _state.Dispose();
    }

    private static WorkloadSpec Spec(string name, string[] command, IReadOnlyDictionary<string, string>? env = null, string workingDir = "") => new()
    {
        Name = name,
        Kind = WorkloadKind.Process,
        Command = new ValueList<string>(command),
        Env = env is null ? ValueMap.Empty : new ValueMap(env),
        WorkingDir = workingDir,
    };

    private ProcessRuntime ProcessDriver() => (ProcessRuntime)Driver();

    [Fact]
    public async Task NewDriver_AfterDispose_AdoptsSamePidWithoutSecondProcess()
    {
        var first = ProcessDriver();
        var created = await first.CreateAsync(LongRunning("adopted"), "h1", CancellationToken.None);
        first.Dispose();

        var second = ProcessDriver();
        var listed = Assert.Single(await second.ListAsync(CancellationToken.None), i => i.Name == "adopted");
        Assert.Equal(InstanceState.Running, listed.State);
        Assert.Equal(created.RuntimeId, listed.RuntimeId);
        Assert.Equal("h1", listed.SpecHash);

        // Starting a running instance again and creating it twice must not make a second process.
        await second.StartAsync(listed, CancellationToken.None);
        await Assert.ThrowsAsync<RuntimeException>(() => second.CreateAsync(LongRunning("adopted"), "h1", CancellationToken.None));
        Assert.Equal([int.Parse(created.RuntimeId, CultureInfo.InvariantCulture)], ProcessProbe.WithMarkers(NodeId, "adopted"));
    }

    [Fact]
    public async Task AdoptedProcess_KilledOutsideAgent_ReportedExitedWithoutCodeAndStableFinishTime()
    {
        var first = ProcessDriver();
        var created = await first.CreateAsync(LongRunning("victim"), "h", CancellationToken.None);
        first.Dispose();
        var second = ProcessDriver();
        Assert.Equal(InstanceState.Running, (await WaitFor(second, "victim", _ => true)).State);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exitEvent = Task.Run(async () =>
        {
            await foreach (var e in second.WatchAsync(cts.Token))
                if (e.Name == "victim" && e.Kind == RuntimeEventKind.Exited) return e;
            return null;
        });
        await Task.Delay(200);
        using (var victim = System.Diagnostics.Process.GetProcessById(int.Parse(created.RuntimeId, CultureInfo.InvariantCulture)))
            victim.Kill(); // started by this test (through the driver), ended by its PID

        var seen = await exitEvent.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(seen);
        Assert.Null(seen.ExitCode);
        var once = await WaitFor(second, "victim", i => i.State == InstanceState.Exited);
        await Task.Delay(600);
        var twice = await WaitFor(second, "victim", i => i.State == InstanceState.Exited);
        Assert.Null(once.ExitCode);
        Assert.NotNull(once.FinishedAt);
        Assert.Equal(once.FinishedAt, twice.FinishedAt);
    }

    [Fact]
    public async Task Start_AfterAdoptedExit_RunsAgainFromMarker()
    {
        var first = ProcessDriver();
        var created = await first.CreateAsync(ExitsWith("again", 0), "h", CancellationToken.None);
        first.Dispose();
        var second = ProcessDriver();
        var exited = await WaitFor(second, "again", i => i.State == InstanceState.Exited);
        await second.StartAsync(exited, CancellationToken.None);
        var restarted = await WaitFor(second, "again", i => i.FinishedAt is null || i.FinishedAt > exited.FinishedAt);
        Assert.Equal("h", restarted.SpecHash);
        Assert.NotEqual(created.StartedAt, restarted.StartedAt);
    }

    [Fact]
    public async Task Remove_ProcessIgnoringSigterm_IsKilledAfterGrace()
    {
        var driver = ProcessDriver();
        var created = await driver.CreateAsync(Spec("stubborn", ["/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done"]), "h", CancellationToken.None);
        await ProcessProbe.WaitUntil(() => ProcessProbe.ReadShared(driver.LogPath("stubborn")).Contains("ready"), "the trap is set");

        var watch = Stopwatch.StartNew();
        await driver.RemoveAsync(created, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"killed after {watch.Elapsed}, before the grace");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"remove took {watch.Elapsed}");
        Assert.False(ProcessProbe.IsAlive(int.Parse(created.RuntimeId, CultureInfo.InvariantCulture)));
        Assert.Empty(ProcessProbe.WithMarkers(NodeId, "stubborn")); // the sleeps of the group too
        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), i => i.Name == "stubborn");
    }

    [Fact]
    public async Task Remove_SignalsWholeProcessGroup()
    {
        var driver = ProcessDriver();
        var created = await driver.CreateAsync(Spec("family", ["/bin/sh", "-c", "sleep 3600 & sleep 3600 & wait"]), "h", CancellationToken.None);
        await ProcessProbe.WaitUntil(() => ProcessProbe.WithMarkers(NodeId, "family").Count == 3, "the shell and both children run");
        await driver.RemoveAsync(created, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Empty(ProcessProbe.WithMarkers(NodeId, "family"));
    }

    [Fact]
    public async Task Create_WritesStdoutAndStderrToLogFile_InWorkingDirWithMarkers()
    {
        var driver = ProcessDriver();
        var work = Directory.CreateDirectory(_state.Combine("work")).FullName;
        await driver.CreateAsync(Spec("chatty", ["/bin/sh", "-c", "pwd; echo to-stderr >&2; echo \"$EDGEMANO_NODE/$EDGEMANO_WORKLOAD\"; exec sleep 3600"], workingDir: work), "h", CancellationToken.None);
        var log = driver.LogPath("chatty");
        await ProcessProbe.WaitUntil(() => ProcessProbe.ReadShared(log).Contains($"{NodeId}/chatty"), "the log has all lines");
        var text = ProcessProbe.ReadShared(log);
        Assert.Contains(work, text);
        Assert.Contains("to-stderr", text);
        Assert.Single(ProcessProbe.WithMarkers(NodeId, "chatty"));
    }

    [Fact]
    public async Task Log_PastLimit_IsRotatedAndChildKeepsWriting()
    {
        _tune = o => o with { LogMaxBytes = 4096, LogKeepFiles = 2, LogCheckInterval = TimeSpan.FromMilliseconds(100), ExitPollInterval = TimeSpan.FromMilliseconds(100) };
        var driver = ProcessDriver();
        const string script = "i=0; while :; do i=$((i+1)); echo \"line $i ................................................................\"; sleep 0.01; done";
        await driver.CreateAsync(Spec("noisy", ["/bin/sh", "-c", script]), "h", CancellationToken.None);
        var log = driver.LogPath("noisy");

        await ProcessProbe.WaitUntil(() => File.Exists(log + ".2"), "two rotations happened", TimeSpan.FromSeconds(30));
        var lastRotated = LastLineNumber(ProcessProbe.ReadShared(log + ".1"));
        await ProcessProbe.WaitUntil(() => LastLineNumber(ProcessProbe.ReadShared(log)) > lastRotated, "the child writes on after rotation");
        Assert.False(File.Exists(log + ".3"), "only LogKeepFiles rotated files are kept");
        Assert.True(new FileInfo(log + ".1").Length > 4096);
    }

    private static int LastLineNumber(string text) =>
        text.Split('\n').Select(l => l.Split(' ')).Where(p => p.Length > 1 && p[0].EndsWith("line", StringComparison.Ordinal))
            .Select(p => int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task Marker_WithReusedPid_IsNotRunningAndNeverSignalled()
    {
        using var foreign = System.Diagnostics.Process.Start("/bin/sleep", "60");
        try
        {
            Assert.True(ProcFs.TryReadStat(foreign.Id, out var realTicks, out _));
            new ProcessMarkerStore(_state.Path, NodeId).Write(new ProcessMarker
            {
                Name = "ghost", Node = NodeId, SpecHash = "h", Pid = foreign.Id, StartTicks = realTicks + 12345,
                StartedAt = DateTimeOffset.UtcNow.AddDays(-1), Argv = ["/bin/sleep", "3600"], Env = [], WorkingDir = "/",
            });
            var driver = ProcessDriver();

            var ghost = Assert.Single(await driver.ListAsync(CancellationToken.None), i => i.Name == "ghost");
            Assert.Equal(InstanceState.Exited, ghost.State);
            Assert.Null(ghost.ExitCode);
            await driver.RemoveAsync(ghost, TimeSpan.FromSeconds(1), CancellationToken.None);

            Assert.False(foreign.HasExited, "the foreign process was signalled");
            Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), i => i.Name == "ghost");
        }
        finally
        {
            foreign.Kill();
        }
    }

    [Theory]
    [InlineData("/nonexistent/edgemano-missing", "not found")]
    [InlineData("edgemano-no-such-command", "not found in PATH")]
    [InlineData("/tmp", "is a directory")]
    public async Task Create_BadExecutable_ThrowsNamingIt(string executable, string reason)
    {
        var driver = ProcessDriver();
        var e = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(Spec("bad", [executable]), "h", CancellationToken.None));
        Assert.Contains(executable, e.Message);
        Assert.Contains(reason, e.Message);
        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), i => i.Name == "bad");
    }

    [Fact]
    public async Task Create_FileWithoutExecuteBit_ThrowsNamingIt()
    {
        var driver = ProcessDriver();
        var script = _state.Combine("not-executable.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexit 0\n"); // created 0644: no execute bit
        var e = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(Spec("noexec", [script]), "h", CancellationToken.None));
        Assert.Equal($"process: '{script}' is not executable (no execute permission)", e.Message);
    }

    [Fact]
    public async Task Create_MissingWorkingDir_ThrowsNamingIt()
    {
        var driver = ProcessDriver();
        var e = await Assert.ThrowsAsync<RuntimeException>(() => driver.CreateAsync(Spec("lost", ["/bin/true"], workingDir: "/nonexistent/dir"), "h", CancellationToken.None));
        Assert.Contains("/nonexistent/dir", e.Message);
    }

    [Fact]
    public async Task Exec_PastTimeout_IsKilledAndReturnsNonZero()
    {
        var driver = ProcessDriver();
        var running = await driver.CreateAsync(LongRunning("slowexec"), "h", CancellationToken.None);
        var marker = _state.Combine("exec-ran");
        var watch = Stopwatch.StartNew();
        var code = await driver.ExecAsync(running, ["sh", "-c", $"sleep 2; touch {marker}"], TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.NotEqual(0, code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.8), $"exec returned after {watch.Elapsed}");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(File.Exists(marker), "the timed-out command kept running");
    }
}
