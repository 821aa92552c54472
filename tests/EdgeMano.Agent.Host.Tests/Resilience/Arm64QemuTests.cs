using EdgeMano.Testing;
using EdgeMano.Agent.Host.Tests.Infrastructure;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>
/// The linux-arm64 AOT agent, run under qemu user emulation: it starts, applies a desired state and
/// runs a process workload; the x64 binary reads the same store and talks to the same daemon.
/// </summary>
public sealed class Arm64QemuTests : IAsyncLifetime
{
    private const string Qemu = "/usr/bin/qemu-aarch64-static";
    private static readonly TimeSpan UnderEmulation = TimeSpan.FromSeconds(60);
    private AgentProcess? _arm;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_arm is not null) await _arm.DisposeAsync();
    }

    [Fact]
    public async Task Version_UnderQemu_PrintsTheVersion()
    {
        var binary = Arm64Binary();
        var result = await RawQemuAsync(binary, "--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StdOut.Trim());
        Assert.Equal((await Cli.RawAgent.RunAsync(["--version"])).StdOut.Trim().Split('+')[0], result.StdOut.Trim().Split('+')[0]);
    }

    [Fact]
    public async Task Run_UnderQemu_StartsAProcessWorkloadFromTheStore()
    {
        var binary = Arm64Binary();
        // The arm64 binary runs through a wrapper so AgentProcess drives it like the x64 one.
        var wrapper = Path.Combine(Path.GetTempPath(), $"edgemano-qemu-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec {Qemu} -L / {binary} \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            _arm = new AgentProcess(binary: wrapper);
            _arm.CommonArgs.AddRange(["--runtime", "process"]);

            var applied = await _arm.ApplyYamlAsync(AgentStatusJson.SleepWorkloads(1, "arm64"));
            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.StartsWith("applied revision 1 (1 workloads)", applied.StdOut, StringComparison.Ordinal);

            _arm.Start();
            var status = await _arm.WaitForStatusAsync(s => s.GetProperty("agentRunning").GetBoolean() && s.AllRunning(["sleep-1"]), UnderEmulation, "sleep-1 Running under qemu");
            var pid = status.Pids()["sleep-1"];
            Assert.Equal([pid], _arm.ProcessesOfNode());
            Assert.Equal("arm64", AgentStatusJson.EnvironmentOf(pid, "STEP"));
            // The daemon really is the arm64 binary under qemu.
            var daemonExe = new FileInfo($"/proc/{_arm.DaemonPid}/exe").LinkTarget;
            Assert.Equal(Qemu, daemonExe);

            var fromX64 = await X64StatusAsync();
            Assert.Equal(pid, fromX64.Pids()["sleep-1"]);
            Assert.True(fromX64.GetProperty("agentRunning").GetBoolean());

            await _arm.StopAsync();
            Assert.True(_arm.ExitCode == 0, $"arm64 daemon exited {_arm.ExitCode}\n{_arm.Log}");
            // Stopped: the x64 binary reads the arm64 daemon's store directly.
            var offline = await X64StatusAsync();
            Assert.False(offline.GetProperty("agentRunning").GetBoolean());
            Assert.Equal(1, offline.DesiredRevisionOf());
            Assert.Equal(pid, offline.Pids()["sleep-1"]);
            AgentStatusJson.AssertNoStackTrace(_arm.Log, "arm64 daemon log");
        }
        finally
        {
            File.Delete(wrapper);
        }
    }

    /// <summary>`status -o json` of the same node and state dir through the x64 binary: one store format for both.</summary>
    private async Task<System.Text.Json.JsonElement> X64StatusAsync()
    {
        var env = new Dictionary<string, string> { ["EDGEMANO_CONFIG"] = Path.Combine(_arm!.WorkDir, "agent.yaml") };
        var result = await Cli.RawAgent.RunAsync(["status", "-o", "json", "--state-dir", _arm.StateDir, "--node-id", _arm.NodeId], env);
        Assert.True(result.ExitCode == 0, "x64 status failed: " + result);
        return System.Text.Json.JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    private static string Arm64Binary()
    {
        if (!File.Exists(Qemu)) Assert.Fail("qemu-user-static not installed: apt-get install -y qemu-user-static");
        return AgentBinary.Arm64Path;
    }

    private static async Task<CliResult> RawQemuAsync(string binary, params string[] args)
    {
        var (code, output) = await Task.Run(() => NetworkNamespace.Run(Qemu, ["-L", "/", binary, .. args]));
        return new CliResult(code, output, "");
    }
}
