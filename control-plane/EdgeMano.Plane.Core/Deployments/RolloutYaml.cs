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
            BatchPercent = Percent(map) ?? 0,
            MaxUnavailable = map.Int32("maxUnavailable", min: 0) ?? 0,
            Soak = map.Duration("soak") ?? d.Soak,
            FailureThreshold = Fraction(map) ?? 0,
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

    private static double? Percent(YamlMapping map)
    {
        var value = map.Get("batchPercent");
        var number = value?.AsNumber();
        if (value is null || number is null) return null;
        if (number is <= 0 or > 100 || double.IsNaN(number.Value)) { value.Error($"must be more than 0 and at most 100 (a share of the nodes), got {number}"); return null; }
        return number;
    }

    private static double? Fraction(YamlMapping map)
    {
        var value = map.Get("failureThreshold");
        var number = value?.AsNumber();
        if (value is null || number is null) return null;
        if (number is < 0 or > 1 || double.IsNaN(number.Value)) { value.Error($"is a fraction of a wave's nodes between 0 and 1, got {number}"); return null; }
        return number;
    }
}
