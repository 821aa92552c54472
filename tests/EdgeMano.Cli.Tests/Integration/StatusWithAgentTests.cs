using System.Diagnostics;
using System.Text.Json;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Integration;

/// <summary>
/// `status NODE` and `nodes list` with a real node: a real agent (process runtime) connected to a
/// real plane's embedded broker, given a deployment through `edgemano deploy`.
/// </summary>
public sealed class StatusWithAgentTests(PlaneFixture fixture) : IClassFixture<PlaneFixture>
{
    private const string NodeId = "cli-status-node";

    private Task<CliResult> Cli(params string[] args) => CliProcess.RunAsync([.. args, "--server", fixture.Plane.Url]);

    [Fact]
    public async Task Status_NodeRunningADeployment_ShowsRevisionsWorkloadTableAndEvents()
    {
        await using var agent = AgentProcess.Start(NodeId, "purpose=cli-status-test,site=lab", fixture.Plane.MqttPort);
        try
        {
            await WaitForAsync(agent, "the node to register", n => n.GetProperty("presence").GetString() == "online");

            var deployed = await Cli("deploy", "-f", "node-processes.yaml");
            Assert.True(deployed.ExitCode == 0, deployed.ToString());
            Assert.Equal("deployment/status-demo created (generation 1, on 1 node)\n", deployed.StdOut);

            await WaitForAsync(agent, "sleeper running and crasher exited", n =>
                n.GetProperty("inSync").GetBoolean()
                && Phase(n, "sleeper") == "Running"
                && Phase(n, "crasher") is "Exited" or "Failed");

            var status = await Cli("status", NodeId);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains($"Node:       {NodeId}\n", status.StdOut, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^Presence:   online \(last seen \d+s ago\)$", status.StdOut);
            Assert.Contains("Labels:     purpose=cli-status-test,site=lab\n", status.StdOut, StringComparison.Ordinal);
            Assert.Contains("Revision:   desired 1, observed 1 (in sync)\n", status.StdOut, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^NAME\s+PHASE\s+HEALTH\s+RESTARTS\s+AGE\s+LAST-ERROR$", status.StdOut);
            Assert.Matches(@"(?m)^sleeper\s+Running\s+\S+\s+0\s+\d+[sm]$", status.StdOut);
            Assert.Matches(@"(?m)^crasher\s+(Exited|Failed)\s+\S+\s+0\s+\d+[sm]\s+\S.*3", status.StdOut);
            Assert.Matches(@"(?m)^Events \(last 10\):$", status.StdOut);
            Assert.Matches(@"(?m)^AGE\s+SEVERITY\s+WORKLOAD\s+REASON\s+MESSAGE$", status.StdOut);
            Assert.Matches(@"(?m)^\d+[sm]\s+info\s+sleeper\s+Started\s", status.StdOut);

            var list = await Cli("nodes", "list", "--selector", "purpose=cli-status-test");
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Matches($@"(?m)^{NodeId}\s+online\s+yes\s+1/1\s+1/2\s+process\s+(amd64|arm64)\s+\d+s\s+\S+\s+purpose=cli-status-test,site=lab$", list.StdOut);
            var other = await Cli("nodes", "list", "--selector", "purpose=something-else");
            Assert.True(other.ExitCode == 0, other.ToString());
            Assert.Equal("No nodes match the selector.\n", other.StdErr);

            var yaml = await Cli("status", NodeId, "-o", "yaml");
            var json = await Cli("status", NodeId, "-o", "json");
            Assert.True(yaml.ExitCode == 0 && json.ExitCode == 0, yaml + json.ToString());
            using (var document = JsonDocument.Parse(json.StdOut))
            {
                Assert.Equal(NodeId, document.RootElement.GetProperty("node").GetProperty("id").GetString());
                Assert.True(document.RootElement.GetProperty("events").GetArrayLength() is > 0 and <= 10);
            }
        }
        finally
        {
            // The agent leaves workloads running when it stops: remove them through the plane first.
            await Cli("deployments", "delete", "status-demo", "--ignore-not-found");
            await WaitForAsync(agent, "the workloads to be removed", n => n.GetProperty("workloads").GetArrayLength() == 0);
        }
    }

    private static string? Phase(JsonElement node, string workload) =>
        node.GetProperty("workloads").EnumerateArray().Where(w => w.GetProperty("name").GetString() == workload)
            .Select(w => w.GetProperty("phase").GetString()).FirstOrDefault();

    /// <summary>Polls `nodes get NODE -o json` until <paramref name="condition"/> holds (30 s).</summary>
    private async Task WaitForAsync(AgentProcess agent, string what, Func<JsonElement, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var result = await Cli("nodes", "get", NodeId, "-o", "json");
            last = result.ToString();
            if (result.ExitCode == 0)
            {
                using var document = JsonDocument.Parse(result.StdOut);
                if (condition(document.RootElement)) return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"timed out waiting for {what}; last answer:\n{last}\n--- agent log\n{agent.Log}\n--- plane log\n{fixture.Plane.Log}");
    }
}
