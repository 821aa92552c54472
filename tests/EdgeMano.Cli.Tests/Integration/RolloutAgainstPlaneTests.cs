using System.Text.Json;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Integration;

/// <summary>
/// `edgemano rollout ...` against a real plane with a real agent (process runtime): a deployment
/// with a `rollout:` block is deployed, then changed, so that the plane rolls it out to the node.
/// A long soak keeps that rollout InProgress for as long as a test needs it.
/// </summary>
public sealed class RolloutAgainstPlaneTests(RolloutFleetFixture fleet) : IClassFixture<RolloutFleetFixture>
{
    private Task<CliResult> Cli(params string[] args) => fleet.Cli(args);

    [Fact]
    public async Task Status_RolloutSoaking_ShowsRolloutRowNodeRowsAndTheDeploymentsRolloutLine()
    {
        const string name = "ro-status";
        try
        {
            await StartSoakingRolloutAsync(name);

            var status = await Cli("rollout", "status", name);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Matches(@"^DEPLOYMENT\s+ROLLOUT\s+STATE\s+GENERATION\s+WAVE\s+AGE\n", status.StdOut);
            Assert.Matches($@"(?m)^{name}\s+{name}-2\s+InProgress\s+1 -> 2\s+1/1\s+\d+s$", status.StdOut);
            Assert.Contains("Reason:     <none>\nStrategy:   batchSize 1, soak 600s\n", status.StdOut, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^WAVE\s+NODE\s+STATE\s+REVERT\s+AGE\s+REASON$", status.StdOut);
            Assert.Matches($@"(?m)^1\s+{fleet.NodeId}\s+Soaking\s+None\s+\d+s\s+healthy since .+, soaking$", status.StdOut);
            Assert.Matches(@"(?m)^\d+s\s+wave 1 of 1 started: 1 node$", status.StdOut);

            var yaml = await Cli("rollout", "status", name, "-o", "yaml");
            Assert.True(yaml.ExitCode == 0, yaml.ToString());
            Assert.StartsWith($"id: {name}-2\nstate: InProgress\nfromGeneration: 1\ntoGeneration: 2\n", yaml.StdOut, StringComparison.Ordinal);

            var get = await Cli("deployments", "get", name);
            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.EndsWith(
                $"Strategy:   rolling: batchSize 1, soak 600s\nRollout:    {name}-2 InProgress (generation 1 -> 2, wave 1/1)\n",
                get.StdOut, StringComparison.Ordinal);

            var history = await Cli("rollout", "history", name);
            Assert.True(history.ExitCode == 0, history.ToString());
            Assert.Matches(@"^GENERATION\s+FROM\s+RESULT\s+ROLLOUT\s+PACKAGE\s+AGE\s+DURATION\s+CAN-ROLL-BACK\s+REASON\n", history.StdOut);
            Assert.Matches(@"(?m)^1\s+<none>\s+Succeeded\s+<none>\s+<none>\s+\d+s\s+0s\s+yes\s+created$", history.StdOut);
            Assert.Matches($@"(?m)^2\s+1\s+InProgress\s+{name}-2\s+<none>\s+\d+s\s+<running>\s+yes$", history.StdOut);

            var watch = await Cli("rollout", "status", name, "--watch", "--timeout", "2s");
            Assert.True(watch.ExitCode == 3, watch.ToString());
            Assert.Equal($"Waiting for rollout {name}-2 of deployment/{name}: InProgress, generation 1 -> 2, wave 1/1, 0 of 1 node passed (1 soaking)\n", watch.StdOut);
            Assert.Equal($"timed out after 2s waiting for rollout {name}-2 of deployment/{name} to end: it is InProgress, generation 1 -> 2, wave 1/1, 0 of 1 node passed (1 soaking)\n", watch.StdErr);
        }
        finally
        {
            await Cli("deployments", "delete", name, "--ignore-not-found");
        }
    }

    [Fact]
    public async Task PauseResume_RunningRollout_ChangeItsStateAndRefuseTwice()
    {
        const string name = "ro-pause";
        try
        {
            await StartSoakingRolloutAsync(name);

            var paused = await Cli("rollout", "pause", name, "--reason", "maintenance window");
            Assert.True(paused.ExitCode == 0, paused.ToString());
            Assert.Equal($"deployment/{name} rollout {name}-2 paused (generation 1 -> 2, wave 1/1)\n", paused.StdOut);
            var status = await Cli("rollout", "status", name);
            Assert.Matches($@"(?m)^{name}\s+{name}-2\s+Paused\s+1 -> 2\s+1/1\s", status.StdOut);
            Assert.Contains("Reason:     paused: maintenance window\n", status.StdOut, StringComparison.Ordinal);

            var again = await Cli("rollout", "pause", name);
            again.AssertNoStackTrace();
            Assert.True(again.ExitCode == 1, again.ToString());
            Assert.Equal($"cannot pause the rollout of deployment '{name}': rollout {name}-2 is Paused: only a pending or running rollout can be paused\n", again.StdErr);

            var resumed = await Cli("rollout", "resume", name, "-o", "json");
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            using (var json = JsonDocument.Parse(resumed.StdOut))
                Assert.Equal("InProgress", json.RootElement.GetProperty("state").GetString());

            var resumeAgain = await Cli("rollout", "resume", name);
            Assert.True(resumeAgain.ExitCode == 1, resumeAgain.ToString());
            Assert.Equal($"cannot resume the rollout of deployment '{name}': rollout {name}-2 is InProgress: only a paused rollout can be resumed\n", resumeAgain.StdErr);
        }
        finally
        {
            await Cli("deployments", "delete", name, "--ignore-not-found");
        }
    }

    [Fact]
    public async Task Undo_RunningRollout_WatchEndsRolledBackThenEarlierGenerationsByNumber()
    {
        const string name = "ro-undo";
        try
        {
            await StartSoakingRolloutAsync(name);
            var watching = Cli("rollout", "status", name, "--watch", "--timeout", "50s");
            await Task.Delay(1500); // the watch has seen the rollout running

            var undo = await Cli("rollout", "undo", name, "--reason", "bad build");
            Assert.True(undo.ExitCode == 0, undo.ToString());
            Assert.Equal($"deployment/{name} rolling back rollout {name}-2 to generation 1 (follow it: edgemano rollout status {name} --watch)\n", undo.StdOut);

            var watch = await watching;
            watch.AssertNoStackTrace();
            Assert.True(watch.ExitCode == 3, watch + fleet.Plane.Log);
            // Usually the watch saw the rollout running, then the operator's rollback; on a slow machine it may start later.
            Assert.Matches($@"^Waiting for rollout {name}-2 of deployment/{name}: (InProgress|RollingBack), generation 1 -> 2, wave 1/1, ", watch.StdOut);
            if (watch.StdOut.StartsWith($"Waiting for rollout {name}-2 of deployment/{name}: InProgress", StringComparison.Ordinal))
                Assert.Contains("  rolled back by operator: bad build\n", watch.StdOut, StringComparison.Ordinal);
            Assert.Equal(
                $"rollout {name}-2 of deployment/{name} ended RolledBack: rolled back: every node told generation 2 reports generation 1 again (rolled back by operator: bad build)\n",
                watch.StdErr);

            var history = await Cli("rollout", "history", name);
            Assert.Matches($@"(?m)^2\s+1\s+RolledBack\s+{name}-2\s", history.StdOut);
            Assert.Matches($@"(?m)^3\s+2\s+Succeeded\s+<none>\s+.*rollback of {name}-2: the spec of generation 1 again$", history.StdOut);

            var nothing = await Cli("rollout", "undo", name);
            Assert.True(nothing.ExitCode == 1, nothing.ToString());
            Assert.Equal($"cannot roll back deployment '{name}': deployment '{name}' has no earlier revision with other workloads that reached every node\n", nothing.StdErr);

            var unknown = await Cli("rollout", "undo", name, "--to-generation", "99");
            Assert.True(unknown.ExitCode == 1, unknown.ToString());
            Assert.Equal($"generation 99 of deployment '{name}' is not in its revision history (the last 50 are kept)\n", unknown.StdErr);

            var bad = await Cli("rollout", "undo", name, "--to-generation", "0");
            Assert.True(bad.ExitCode == 2, bad.ToString());
            Assert.StartsWith("--to-generation must be a generation number, 1 or more, got '0'\n", bad.StdErr, StringComparison.Ordinal);

            var toTwo = await Cli("rollout", "undo", name, "--to-generation", "2");
            Assert.True(toTwo.ExitCode == 0, toTwo.ToString());
            Assert.Matches(
                $@"^deployment/{name} rolled back to the spec of generation 2 \(now generation 4\); rollout {name}-4 is (Pending|InProgress) \(follow it: edgemano rollout status {name} --watch\)\n$",
                toTwo.StdOut);
        }
        finally
        {
            await Cli("deployments", "delete", name, "--ignore-not-found");
        }
    }

    [Fact]
    public async Task Watch_ShortSoak_ExitsZeroWhenTheRolloutSucceeds()
    {
        const string name = "ro-quick";
        try
        {
            await DeployAsync(name, "3600", "1s");
            await DeployAsync(name, "3601", "1s");

            var watch = await Cli("rollout", "status", name, "--watch", "--timeout", "50s");

            Assert.True(watch.ExitCode == 0, watch + fleet.Plane.Log);
            Assert.EndsWith($"rollout {name}-2 of deployment/{name} succeeded: generation 2 runs on every node\n", watch.StdOut, StringComparison.Ordinal);
            Assert.Equal("", watch.StdErr);
            var history = await Cli("rollout", "history", name);
            Assert.Matches($@"(?m)^2\s+1\s+Succeeded\s+{name}-2\s+<none>\s+\d+s\s+\d+s\s+yes\s+generation 2 runs on every node$", history.StdOut);
        }
        finally
        {
            await Cli("deployments", "delete", name, "--ignore-not-found");
        }
    }

    [Fact]
    public async Task Status_DeploymentThatNeverRolledOut_SaysWhyExitOne()
    {
        const string name = "ro-none";
        try
        {
            await DeployAsync(name, "3600", "1s");

            var result = await Cli("rollout", "status", name);

            result.AssertNoStackTrace();
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal($"deployment '{name}' has no rollout: one starts when its workloads change and it has a rollout block\n", result.StdErr);
        }
        finally
        {
            await Cli("deployments", "delete", name, "--ignore-not-found");
        }
    }

    [Theory]
    [InlineData("status")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("undo")]
    [InlineData("history")]
    public async Task Verb_UnknownDeployment_SaysNotFoundExitOne(string verb)
    {
        var result = await Cli("rollout", verb, "ghost");

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 1, result + fleet.Plane.Log);
        Assert.Equal("deployment 'ghost' not found\n", result.StdErr);
    }

    /// <summary>Deploys NAME, then changes it: the plane rolls generation 2 out and the node soaks it for 10 minutes.</summary>
    private async Task StartSoakingRolloutAsync(string name)
    {
        await DeployAsync(name, "3600", "10m");
        await DeployAsync(name, "3601", "10m");
        await fleet.WaitForJsonAsync($"rollout {name}-2 to soak on the node", r =>
                r.GetProperty("id").GetString() == $"{name}-2" && r.GetProperty("state").GetString() == "InProgress"
                && r.GetProperty("waveDetails")[0].GetProperty("nodes")[0].GetProperty("state").GetString() == "Soaking",
            "rollout", "status", name, "-o", "json");
    }

    private async Task DeployAsync(string name, string sleepSeconds, string soak)
    {
        var yaml = $$"""
            name: {{name}}
            selector: {purpose: cli-rollout-test}
            rollout: {batchSize: 1, soak: {{soak}}}
            workloads:
              - name: {{name}}-sleeper
                kind: process
                command: [/bin/sleep, "{{sleepSeconds}}"]
            """;
        var result = await CliProcess.RunAsync(["deploy", "-f", "-", "--server", fleet.Plane.Url], stdin: yaml);
        Assert.True(result.ExitCode == 0, result + fleet.Plane.Log);
        Assert.Contains("on 1 node", result.StdOut, StringComparison.Ordinal);
    }
}
