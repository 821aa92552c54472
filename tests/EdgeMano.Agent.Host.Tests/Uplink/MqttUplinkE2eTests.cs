using System.Text;
using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Agent.Host.Tests.Resilience;
using EdgeMano.Testing;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Host.Tests.Uplink;

/// <summary>
/// The published AOT agent with --broker pointing at a real Mosquitto: desired state published
/// by "the plane" (mosquitto_pub) runs, and the retained status shows it Running.
/// </summary>
public sealed class MqttUplinkE2eTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);
    private readonly AgentProcess _agent = new();
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _agent.CommonArgs.AddRange(["--runtime", "process", "--labels", "site=lab,tier=fog"]);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private string Topic(string leaf) => $"em/v1/nodes/{_agent.NodeId}/{leaf}";

    [Fact]
    public async Task Run_WithBroker_DesiredProcessFromThePlaneRunsAndTheRetainedStatusShowsItRunning()
    {
        _agent.CommonArgs.AddRange(["--broker", _broker.Url]);
        _agent.Start();
        await _agent.WaitReadyAsync();

        var desired = new Wire.DesiredState { NodeId = _agent.NodeId, Revision = 7, Source = "plane-e2e" };
        var sleeper = new Wire.Workload { Name = "sleeper", Kind = Wire.WorkloadKind.Process };
        sleeper.Command.AddRange(["/bin/sleep", "3600"]);
        desired.Workloads.Add(sleeper);
        await MosquittoCli.PublishRetainedAsync(_broker.Port, Topic("desired"), desired);

        var status = await WaitForRetainedStatusAsync(s => s.ObservedRevision == 7 && s.Workloads.Any(w => w.Name == "sleeper" && w.Phase == "Running"));
        var row = status.Workloads.Single(w => w.Name == "sleeper");
        Assert.True(int.TryParse(row.RuntimeId, out var pid) && _agent.ProcessesOfNode().Contains(pid), $"status PID {row.RuntimeId} is not the node's process\n{_agent.Log}");
        Assert.Equal("lab", status.Node.Labels["site"]);
        Assert.Equal("process", status.Node.Runtime);
        Assert.Equal(Encoding.UTF8.GetBytes("online"), await MosquittoCli.ReadRetainedAsync(_broker.Port, Topic("presence")));

        var local = await _agent.StatusAsync();
        Assert.Equal(7, local.DesiredRevisionOf());
        var link = local.GetProperty("link");
        Assert.True(link.GetProperty("connected").GetBoolean(), local.ToString());
        Assert.Equal(_broker.Url, link.GetProperty("endpoint").GetString());
        var table = await _agent.CliAsync("status");
        Assert.Contains($"LINK mqtt {_broker.Url} connected", table.StdOut, StringComparison.Ordinal);

        // A killed agent cannot say goodbye: the broker's Last Will does.
        await _agent.KillAsync();
        await WaitUntilAsync(async () => (await MosquittoCli.ReadRetainedAsync(_broker.Port, Topic("presence"))) is { } p && Encoding.UTF8.GetString(p) == "offline", "presence offline (Last Will)");
        AgentStatusJson.AssertNoStackTrace(_agent.Log, "daemon log");
    }

    [Fact]
    public async Task Run_WithBrokerDown_WorkloadsStillReconcileAndStatusShowsTheLinkDown()
    {
        await _broker.StopAsync();
        _agent.CommonArgs.AddRange(["--broker", _broker.Url]);
        _agent.Start();
        await _agent.WaitReadyAsync();

        var applied = await _agent.ApplyYamlAsync(AgentStatusJson.SleepWorkloads(2, "offline"));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var status = await _agent.WaitForStatusAsync(s => s.AllRunning(["sleep-1", "sleep-2"]), Converge, "two processes running with the broker down");
        var link = status.GetProperty("link");
        Assert.False(link.GetProperty("connected").GetBoolean());
        Assert.Contains("connection refused", link.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // The broker comes back: the agent connects and reports what it did meanwhile.
        await _broker.StartAgainAsync();
        var retained = await WaitForRetainedStatusAsync(s => s.ObservedRevision == 1 && s.Workloads.Count(w => w.Phase == "Running") == 2);
        Assert.Equal(_agent.NodeId, retained.NodeId);
    }

    [Fact]
    public async Task Run_BrokerAndPlaneBoth_ExitsTwoNamingBoth()
    {
        var result = await _agent.CliAsync("status", "--broker", _broker.Url, "--plane", "http://127.0.0.1:1");

        AgentStatusJson.AssertNoStackTrace(result, "--broker with --plane");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("flag --broker and flag --plane: broker and plane exclude each other", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--broker", "tcp://127.0.0.1:1883", "flag --broker: broker: scheme 'tcp' is not supported: expected mqtt://host:port")]
    [InlineData("--broker", "127.0.0.1:1883", "flag --broker: broker:")]
    [InlineData("--plane", "ftp://plane:21", "flag --plane: plane: scheme 'ftp' is not supported")]
    public async Task Run_BadLinkEndpoint_ExitsTwoNamingTheFlag(string flag, string value, string message)
    {
        var result = await _agent.CliAsync("run", flag, value);

        AgentStatusJson.AssertNoStackTrace(result, $"{flag} {value}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
        Assert.Null(_agent.DaemonPid);
    }

    private async Task<Wire.NodeStatus> WaitForRetainedStatusAsync(Func<Wire.NodeStatus, bool> predicate)
    {
        var deadline = DateTime.UtcNow + Converge;
        Wire.NodeStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await MosquittoCli.ReadRetainedAsync(_broker.Port, Topic("status")) is { } bytes)
            {
                last = Wire.NodeStatus.Parser.ParseFrom(bytes);
                if (predicate(last)) return last;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"no matching retained status; last: {last}\nagent log:\n{_agent.Log}\nbroker log:\n{_broker.Log}");
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Converge;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}\nagent log:\n{_agent.Log}\nbroker log:\n{_broker.Log}");
            await Task.Delay(250);
        }
    }
}
