using EdgeMano.Testing;
using System.Text.Json;
using EdgeMano.Agent.Host.Tests.Infrastructure;

namespace EdgeMano.Agent.Host.Tests.Resilience;

/// <summary>One workload row of `status -o json`.</summary>
public sealed record WorkloadRow(string Name, string Phase, string RuntimeId, int Restarts);

/// <summary>Reading `edgemano-agent status -o json` and the processes a node left on the machine.</summary>
public static class AgentStatusJson
{
    public static long DesiredRevisionOf(this JsonElement status) => status.GetProperty("desiredRevision").GetInt64();

    public static long ObservedRevisionOf(this JsonElement status) => status.GetProperty("observedRevision").GetInt64();

    public static string NodeIdOf(this JsonElement status) => status.GetProperty("nodeId").GetString()!;

    public static DateTimeOffset? LastReconcileOf(this JsonElement status) =>
        status.TryGetProperty("lastReconcileAt", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : null;

    public static IReadOnlyList<WorkloadRow> Rows(this JsonElement status) =>
        status.GetProperty("workloads").EnumerateArray().Select(w => new WorkloadRow(
            w.GetProperty("name").GetString()!,
            w.GetProperty("phase").GetString()!,
            w.GetProperty("runtimeId").GetString()!,
            w.GetProperty("restarts").GetInt32())).ToList();

    /// <summary>True when exactly <paramref name="names"/> are listed, each Running with a PID.</summary>
    public static bool AllRunning(this JsonElement status, IReadOnlyCollection<string> names)
    {
        var rows = status.Rows();
        return rows.Count == names.Count
            && rows.All(r => names.Contains(r.Name) && r.Phase == "Running" && int.TryParse(r.RuntimeId, out _));
    }

    /// <summary>Workload name → PID, as status reports it.</summary>
    public static Dictionary<string, int> Pids(this JsonElement status) =>
        status.Rows().ToDictionary(r => r.Name, r => int.Parse(r.RuntimeId, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>One environment variable of a live process, or null.</summary>
    public static string? EnvironmentOf(int pid, string name)
    {
        try
        {
            var prefix = name + "=";
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Nothing an operator sees may be a .NET stack trace.</summary>
    public static void AssertNoStackTrace(CliResult result, string what)
    {
        Assert.False(result.StdOut.Contains("   at ", StringComparison.Ordinal), $"{what}: stack trace on stdout\n{result}");
        Assert.False(result.StdErr.Contains("   at ", StringComparison.Ordinal), $"{what}: stack trace on stderr\n{result}");
    }

    public static void AssertNoStackTrace(string output, string what) =>
        Assert.False(output.Contains("   at ", StringComparison.Ordinal), $"{what}: stack trace in output\n{output}");

    /// <summary>YAML for <paramref name="count"/> sleep processes carrying STEP=<paramref name="step"/> (no revision: the agent assigns it).</summary>
    public static string SleepWorkloads(int count, string step, string prefix = "sleep")
    {
        var b = new System.Text.StringBuilder("apiVersion: edgemano/v1\nkind: DesiredState\n");
        if (count == 0) return b.Append("workloads: []\n").ToString();
        b.Append("workloads:\n");
        for (var i = 1; i <= count; i++)
        {
            b.Append($"  - name: {prefix}-{i}\n    kind: process\n    command: [/bin/sleep, \"3600\"]\n");
            b.Append($"    env: {{STEP: \"{step}\"}}\n    restart: {{policy: always}}\n");
        }
        return b.ToString();
    }
}
