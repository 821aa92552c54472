using EdgeMano.Testing;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>One workload instance of the node as the runtime itself shows it (not as the agent reports it).</summary>
public sealed record LiveInstance(string RuntimeId, bool Running, string? Step);

/// <summary>
/// 100 successive applies, each a different desired state, while the daemon is kill -9'd at
/// seeded random moments (some racing an apply) and restarted. Whatever the CLI acknowledged is
/// never lost: after every restart the store opens, the desired revision never goes backwards and
/// is at least the last acknowledged one; at the end the node runs exactly the last desired state.
/// Written once, run per runtime: processes (CrashSafetyTests) and containerd containers.
/// </summary>
public abstract partial class CrashSafetyScenario(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Applies = 100;
    private const int Seed = 20261129;
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly AgentProcess _agent = new();

    protected AgentProcess Agent => _agent;

    /// <summary>Flags that pick the runtime under test.</summary>
    protected abstract IReadOnlyList<string> AgentArgs { get; }

    /// <summary>Desired-state YAML of <paramref name="count"/> long-running workloads sleep-1..N carrying STEP=<paramref name="step"/>.</summary>
    protected abstract string Workloads(int count, string step);

    /// <summary>Every instance of this node the runtime holds, running or not.</summary>
    protected abstract Task<IReadOnlyList<LiveInstance>> InstancesOfNodeAsync();

    /// <summary>What is known about a leftover instance, for the failure message.</summary>
    protected virtual string Describe(LiveInstance instance, string agentLog) => instance.ToString();

    public Task InitializeAsync()
    {
        _agent.CommonArgs.AddRange(AgentArgs);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task Apply_HundredTimesWithRandomKills_NeverLosesAnAcknowledgedRevision()
    {
        var random = new Random(Seed);
        // ~20 kills, none in the last five applies so the run ends on an acknowledged apply.
        var killAt = Enumerable.Range(1, Applies - 5).OrderBy(_ => random.Next()).Take(20).ToHashSet();
        var acknowledged = new List<long>();
        var unacknowledged = new List<string>();
        var lastAppliedCount = -1;
        var lastAppliedStep = "";
        long highestSeen = 0;
        var downAppliesLeft = 0;
        var daemonUp = true;
        var kills = 0;
        var storeApplies = 0;

        _agent.Start();
        await _agent.WaitReadyAsync();

        for (var step = 1; step <= Applies; step++)
        {
            var count = random.Next(0, 5);
            var yaml = Workloads(count, step.ToString(CultureInfo.InvariantCulture));
            CliResult result;
            var raced = false;
            if (daemonUp && killAt.Contains(step))
            {
                // Kill the daemon at a random moment while this apply is in flight (or just before/after it).
                var apply = _agent.ApplyYamlAsync(yaml);
                await Task.Delay(random.Next(0, 40));
                await _agent.KillAsync();
                result = await apply;
                daemonUp = false;
                raced = true;
                kills++;
                downAppliesLeft = random.Next(0, 3); // applies that go to the store while the daemon is down
            }
            else
            {
                if (!daemonUp) storeApplies++;
                result = await _agent.ApplyYamlAsync(yaml);
            }

            AgentStatusJson.AssertNoStackTrace(result, $"apply {step}");
            if (result.ExitCode == 0 && AppliedRevision().Match(result.StdOut) is { Success: true } m)
            {
                var revision = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (acknowledged.Count > 0)
                    Assert.True(revision > acknowledged[^1], $"apply {step} acknowledged revision {revision} after {acknowledged[^1]}: revisions must increase");
                acknowledged.Add(revision);
                lastAppliedCount = count;
                lastAppliedStep = step.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                // Only an apply that raced a kill may go unacknowledged, and then with a clear error.
                Assert.True(raced, $"apply {step} failed without a crash to blame:\n{result}\n{_agent.Log}");
                Assert.True(result.ExitCode != 0 && result.StdErr.Contains("agent", StringComparison.Ordinal), $"apply {step} failed without saying why:\n{result}");
                // Under AOT (UseSystemResourceKeys) a raw .NET message is only a resource key, e.g. net_io_readfailure.
                Assert.DoesNotMatch(ResourceKey(), result.StdErr);
                unacknowledged.Add($"{step}: {result.StdErr.Trim()}");
            }

            if (!daemonUp && downAppliesLeft-- <= 0 || !daemonUp && step == Applies)
            {
                _agent.Start();
                await _agent.WaitReadyAsync();
                daemonUp = true;
                var status = await _agent.StatusAsync();
                var desired = status.DesiredRevisionOf();
                Assert.True(desired >= highestSeen, $"after restart {kills} the desired revision went back from {highestSeen} to {desired}");
                if (acknowledged.Count > 0)
                    Assert.True(desired >= acknowledged[^1], $"after restart {kills} the desired revision is {desired}, below the acknowledged {acknowledged[^1]}\n{_agent.Log}");
                highestSeen = desired;
            }
        }

        output.WriteLine($"{kills} kills, {storeApplies} applies to the store, {acknowledged.Count} acknowledged, {unacknowledged.Count} not:");
        foreach (var line in unacknowledged) output.WriteLine("  " + line);
        Assert.InRange(kills, 15, 25);
        Assert.True(storeApplies > 0, "no apply went to the store while the daemon was down");
        Assert.True(acknowledged.Count >= Applies - kills, $"only {acknowledged.Count} of {Applies} applies were acknowledged");

        var names = Enumerable.Range(1, lastAppliedCount).Select(i => $"sleep-{i}").ToArray();
        var final = await _agent.WaitForStatusAsync(
            s => s.DesiredRevisionOf() == acknowledged[^1] && s.ObservedRevisionOf() == acknowledged[^1] && AllRunning(s, names),
            Converge, $"revision {acknowledged[^1]} with {lastAppliedCount} workloads running");
        var reported = final.Rows().Select(r => r.RuntimeId).Order(StringComparer.Ordinal).ToList();
        var instances = await InstancesOfNodeAsync();
        if (!instances.Select(i => i.RuntimeId).Order(StringComparer.Ordinal).SequenceEqual(reported) || !instances.All(i => i.Running))
            Assert.Fail($"expected exactly the {lastAppliedCount} instances status lists, running ({string.Join(",", reported)}), found {string.Join(", ", instances)}; "
                + "the others: " + string.Join("; ", instances.Where(i => !reported.Contains(i.RuntimeId) || !i.Running).Select(i => Describe(i, _agent.Log))) + $"\nagent log:\n{_agent.Log}");
        Assert.All(instances, i => Assert.Equal(lastAppliedStep, i.Step));
        AgentStatusJson.AssertNoStackTrace(_agent.Log, "daemon log");
    }

    /// <summary>Exactly <paramref name="names"/> are listed, each Running with a runtime id.</summary>
    private static bool AllRunning(System.Text.Json.JsonElement status, IReadOnlyCollection<string> names)
    {
        var rows = status.Rows();
        return rows.Count == names.Count && rows.All(r => names.Contains(r.Name) && r.Phase == "Running" && r.RuntimeId.Length > 0);
    }

    [GeneratedRegex(@"\b(net_io|IO|Arg|InvalidOperation|ObjectDisposed)_\w+")]
    private static partial Regex ResourceKey();

    [GeneratedRegex(@"^applied revision (\d+) ")]
    private static partial Regex AppliedRevision();
}
