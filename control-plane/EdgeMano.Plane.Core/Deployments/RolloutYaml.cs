using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Core.Deployments;

/// <summary>
/// Reads a deployment's <c>rollout:</c> block (docs/rollouts.md), every problem located at its
/// field. Absent means a change reaches every node at once; <c>{}</c> means the cautious defaults
/// (one node per wave, 30 s soak, any failure rolls back).
/// </summary>
internal static class RolloutYaml
{
    private static readonly string[] Keys = ["batchSize", "batchPercent", "maxUnavailable", "soak", "failureThreshold", "healthTimeout"];

    public static RolloutSpec? Read(YamlMapping top)
    {
        if (top.Get("rollout") is not { } value) return null;
        var map = value.AsMapping(Keys);
        if (map is null) return null;
        var d = RolloutSpec.Default;
        var spec = new RolloutSpec
        {
            BatchSize = map.Int32("batchSize", min: 1) ?? 0,
            BatchPercent = Bounded(map, "batchPercent", n => n is > 0 and <= 100, "must be more than 0 and at most 100 (a share of the nodes)") ?? 0,
            MaxUnavailable = map.Int32("maxUnavailable", min: 0) ?? 0,
            Soak = map.Duration("soak") ?? d.Soak,
            FailureThreshold = Bounded(map, "failureThreshold", n => n is >= 0 and <= 1, "is a fraction of a wave's nodes between 0 and 1") ?? 0,
            HealthTimeout = map.Duration("healthTimeout") ?? d.HealthTimeout,
        };
        // Range checks above name their field; what is left is the rule between fields and durations.
        if (spec.Validate() is { } problem)
        {
            var at = problem.StartsWith("soak", StringComparison.Ordinal) ? "soak"
                : problem.StartsWith("healthTimeout", StringComparison.Ordinal) ? "healthTimeout"
                : problem.StartsWith("set batchSize", StringComparison.Ordinal) ? "batchPercent" : null;
            if (at is not null && map.Get(at) is { } field) field.Error(problem);
            else value.Error(problem);
        }
        return spec;
    }

    /// <summary>A number in its allowed range, or null (absent, or an error located at the field).</summary>
    private static double? Bounded(YamlMapping map, string key, Func<double, bool> allowed, string rule)
    {
        var value = map.Get(key);
        var number = value?.AsNumber();
        if (value is null || number is null) return null;
        if (!allowed(number.Value) || double.IsNaN(number.Value)) { value.Error($"{rule}, got {number}"); return null; }
        return number;
    }
}
