using System.Diagnostics;
using System.Text.Json;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>
/// One real plane and one real agent (process runtime) on its embedded broker, shared by the tests
/// of a class; each test uses its own deployment and workload names and deletes them when done.
/// Disposing waits until the node runs nothing more (the agent leaves workloads running when it stops).
/// </summary>
public abstract class AgentFleetFixture(string nodeId, string labels) : IAsyncLifetime
{
    private PlaneProcess? _plane;
    private AgentProcess? _agent;

    public string NodeId { get; } = nodeId;

    public PlaneProcess Plane => _plane ?? throw new InvalidOperationException("the plane did not start");

    public AgentProcess Agent => _agent ?? throw new InvalidOperationException("the agent did not start");

    public Task<CliResult> Cli(params string[] args) => CliProcess.RunAsync([.. args, "--server", Plane.Url]);

    public async Task InitializeAsync()
    {
        _plane = await PlaneProcess.StartAsync();
        _agent = AgentProcess.Start(NodeId, labels, _plane.MqttPort);
        await WaitForNodeAsync("the node to register", n => n.GetProperty("presence").GetString() == "online");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_agent is not null) await WaitForNodeAsync("the node to run no workloads", n => n.GetProperty("workloads").GetArrayLength() == 0);
        }
        finally
        {
            if (_agent is not null) await _agent.DisposeAsync();
            if (_plane is not null) await _plane.DisposeAsync();
        }
    }

    /// <summary>Polls `nodes get NODE -o json` until <paramref name="condition"/> holds (30 s).</summary>
    public Task WaitForNodeAsync(string what, Func<JsonElement, bool> condition) =>
        WaitForJsonAsync(what, condition, "nodes", "get", NodeId, "-o", "json");

    /// <summary>Runs the CLI with <paramref name="args"/> (which ask for -o json) until its answer satisfies <paramref name="condition"/> (30 s).</summary>
    public async Task<JsonElement> WaitForJsonAsync(string what, Func<JsonElement, bool> condition, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var result = await Cli(args);
            last = result.ToString();
            if (result.ExitCode == 0)
            {
                using var document = JsonDocument.Parse(result.StdOut);
                if (condition(document.RootElement)) return document.RootElement.Clone();
            }
            await Task.Delay(250);
        }
        Assert.Fail($"timed out waiting for {what}; last answer:\n{last}\n--- agent log\n{_agent?.Log}\n--- plane log\n{_plane?.Log}");
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>The fleet of the rollout tests: node cli-rollout-node, labelled purpose=cli-rollout-test.</summary>
public sealed class RolloutFleetFixture() : AgentFleetFixture("cli-rollout-node", "purpose=cli-rollout-test");
