using System.Text.RegularExpressions;
using EdgeMano.Agent.Host.Tests.Resilience;

namespace EdgeMano.Agent.Host.Tests.Cli;

/// <summary>`--version`, `--help` on the root and on every verb, and a rejected output format.</summary>
public sealed partial class HelpAndVersionTests
{
    /// <summary>The setting flags every verb takes (one table in Configuration/SettingDefinitions.cs).</summary>
    private static readonly string[] SettingFlags =
        ["--config", "--node-id", "--state-dir", "--runtime", "--docker-socket", "--containerd-socket", "--containerd-namespace",
         "--kubeconfig", "--kube-context", "--kube-namespace", "--resync-interval", "--stop-grace", "--log-level", "--labels", "--broker", "--plane", "--help"];

    [Fact]
    public async Task Version_Flag_PrintsTheBuildVersion()
    {
        var result = await RawAgent.RunAsync(["--version"]);

        AgentStatusJson.AssertNoStackTrace(result, "--version");
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StdOut.Trim();
        Assert.Matches(SemVer(), line);
        // Built from the same Directory.Build.props as this test assembly.
        var expected = typeof(HelpAndVersionTests).Assembly.GetName().Version!.ToString(3);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Equal("", result.StdErr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_OnRoot_ListsTheVerbs(string flag)
    {
        var result = await RawAgent.RunAsync([flag]);

        AgentStatusJson.AssertNoStackTrace(result, flag);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.StdOut, StringComparison.Ordinal);
        foreach (var verb in new[] { "run", "apply", "status" })
            Assert.Matches(new Regex($@"(?m)^\s+{verb}\s+\S"), result.StdOut);
        Assert.Contains("--version", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("apply", "--file", "-f")]
    [InlineData("status", "--output", "-o")]
    public async Task Help_OnVerb_ExitsZeroAndListsItsOptions(string verb, params string[] ownOptions)
    {
        var result = await RawAgent.RunAsync([verb, "--help"]);

        AgentStatusJson.AssertNoStackTrace(result, $"{verb} --help");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"edgemano-agent {verb} [options]", result.StdOut, StringComparison.Ordinal);
        foreach (var option in SettingFlags.Concat(ownOptions))
            Assert.Matches(new Regex($@"(?m)^\s+(\S+, )*{Regex.Escape(option)}\b"), result.StdOut);
        // Each setting names its environment variable, so the three sources can be found from --help.
        Assert.Contains("[env EDGEMANO_NODE_ID]", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("[env EDGEMANO_STATE_DIR]", result.StdOut, StringComparison.Ordinal);
        // Nothing ran: no store, no daemon.
        Assert.DoesNotContain("starting", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OutputYaml_IsRejectedListingTableAndJson()
    {
        using var dir = new EdgeMano.Testing.TempDir("edgemano-cli-");
        var result = await RawAgent.RunAsync(["status", "-o", "yaml", "--state-dir", dir.Combine("state"), "--node-id", "n1"]);

        AgentStatusJson.AssertNoStackTrace(result, "status -o yaml");
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("'yaml'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("'table'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("'json'", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("state")), "a rejected status must not create the state directory");
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)*$")]
    private static partial Regex SemVer();
}
