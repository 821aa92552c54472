using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Core.Tests.Deployments;

/// <summary>The <c>rollout:</c> block of a deployment document.</summary>
public sealed class DeploymentYamlRolloutTests
{
    private const string Workloads = """
        workloads:
          - {name: web, kind: container, image: local/a:1}
        """;

    private static DeploymentParseResult Parse(string rollout) =>
        DeploymentYaml.Parse($"name: web\n{rollout}\n{Workloads}", "web.yaml");

    [Fact]
    public void Parse_FullBlock_EveryFieldRead()
    {
        var result = Parse("rollout: {batchPercent: 25, maxUnavailable: 2, soak: 2m, failureThreshold: 0.1, healthTimeout: 90s}");

        Assert.Empty(result.Errors);
        Assert.Equal(new RolloutSpec
        {
            BatchPercent = 25, MaxUnavailable = 2, Soak = TimeSpan.FromMinutes(2), FailureThreshold = 0.1, HealthTimeout = TimeSpan.FromSeconds(90),
        }, result.Spec!.Rollout);
    }

    [Fact]
    public void Parse_Absent_NoRolloutAndEmptyBlock_Defaults()
    {
        Assert.Null(Parse("").Spec!.Rollout);
        Assert.Equal(RolloutSpec.Default, Parse("rollout: {}").Spec!.Rollout);
    }

    [Theory]
    [InlineData("rollout: {batchSize: 0}", "rollout.batchSize", "must be between 1 and")]
    [InlineData("rollout: {batchSize: 2, batchPercent: 50}", "rollout.batchPercent", "set batchSize or batchPercent, not both")]
    [InlineData("rollout: {batchPercent: 150}", "rollout.batchPercent", "at most 100")]
    [InlineData("rollout: {failureThreshold: 2}", "rollout.failureThreshold", "between 0 and 1")]
    [InlineData("rollout: {healthTimeout: 0s}", "rollout.healthTimeout", "healthTimeout must be positive")]
    [InlineData("rollout: {soak: soon}", "rollout.soak", "duration")]
    [InlineData("rollout: {waves: 3}", "rollout.waves", "")]
    [InlineData("rollout: [1]", "rollout", "expected a mapping")]
    public void Parse_BadBlock_LocatedErrorAndNoSpec(string rollout, string path, string message)
    {
        var result = Parse(rollout);

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, 2), (error.Path, error.Line));
        Assert.Contains(message, error.Message);
    }
}
