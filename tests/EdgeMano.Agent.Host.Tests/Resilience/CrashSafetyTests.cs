using System.Globalization;
using EdgeMano.Testing;
using Xunit.Abstractions;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>The crash-safety scenario (<see cref="CrashSafetyScenario"/>) with bare-metal processes.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : CrashSafetyScenario(output)
{
    protected override IReadOnlyList<string> AgentArgs => ["--runtime", "process"];

    protected override string Workloads(int count, string step) => AgentStatusJson.SleepWorkloads(count, step);

    protected override Task<IReadOnlyList<LiveInstance>> InstancesOfNodeAsync() =>
        Task.FromResult<IReadOnlyList<LiveInstance>>(Agent.ProcessesOfNode()
            .Select(pid => new LiveInstance(pid.ToString(CultureInfo.InvariantCulture), true, AgentStatusJson.EnvironmentOf(pid, "STEP"))).ToList());

    /// <summary>A leftover process: its step and what the agent's log says about its PID.</summary>
    protected override string Describe(LiveInstance instance, string agentLog)
    {
        var pid = int.Parse(instance.RuntimeId, CultureInfo.InvariantCulture);
        var mentions = agentLog.Split('\n').Where(l => l.Contains($"pid {pid}", StringComparison.Ordinal) || l.Contains($"process {pid})", StringComparison.Ordinal));
        return $"pid {pid} (STEP={instance.Step}, {AgentStatusJson.EnvironmentOf(pid, "EDGEMANO_WORKLOAD") ?? "?"}): log: [{string.Join(" | ", mentions)}]";
    }
}
