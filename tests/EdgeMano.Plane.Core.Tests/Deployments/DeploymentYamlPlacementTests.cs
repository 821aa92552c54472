using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Scheduling;

namespace EdgeMano.Plane.Core.Tests.Deployments;

/// <summary>The <c>placement:</c> block of a deployment document.</summary>
public sealed class DeploymentYamlPlacementTests
{
    private const string Workloads = """
        workloads:
          - {name: web, kind: container, image: local/a:1}
        """;

    private static DeploymentParseResult Parse(string placement) =>
        DeploymentYaml.Parse($"name: web\n{placement}\n{Workloads}", "web.yaml");

    [Fact]
    public void Parse_FullBlock_EveryFieldRead()
    {
        var result = Parse("""
            placement:
              arch: [arm64, amd64]
              runtimes: [docker, containerd]
              count: 3
              spreadBy: site
              maxPerSpreadValue: 1
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(new PlacementSpec
        {
            Arch = new ValueList<string>(["arm64", "amd64"]),
            Runtimes = new ValueList<string>(["docker", "containerd"]),
            Count = 3,
            SpreadBy = "site",
            MaxPerSpreadValue = 1,
        }, result.Spec!.Placement);
    }

    [Theory]
    [InlineData("")]
    [InlineData("placement: {}")]
    [InlineData("placement:")]
    public void Parse_AbsentOrEmpty_Everywhere(string placement)
    {
        var result = Parse(placement);

        Assert.Empty(result.Errors);
        Assert.Equal(PlacementSpec.Everywhere, result.Spec!.Placement);
    }

    [Fact]
    public void Parse_PackageDeploymentWithPlacement_Read()
    {
        var result = DeploymentYaml.Parse("name: web\npackage: edge-web@1.0.0\nplacement: {count: 2}", "web.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Spec!.Placement.Count);
    }

    [Fact]
    public void Parse_BadValues_EveryOneLocatedAtItsField()
    {
        var result = Parse("""
            placement:
              arch: [x86_64, "arm 64"]
              runtimes: [dokcer]
              count: -1
              maxPerSpreadValue: 2
              replicas: 3
            """);

        Assert.Null(result.Spec);
        AssertError(result, "placement.arch[0]", 3, 10, "'x86_64' is not how nodes report it: write amd64");
        AssertError(result, "placement.arch[1]", 3, 18, "'arm 64' is not an architecture name");
        AssertError(result, "placement.runtimes[0]", 4, 14, "expected one of docker, containerd, process, kubernetes, got 'dokcer' (did you mean 'docker'?)");
        AssertError(result, "placement.count", 5, 10, "-1");
        AssertError(result, "placement.maxPerSpreadValue", 6, 22, "maxPerSpreadValue needs spreadBy");
        AssertError(result, "placement.replicas", 7, 3, "unknown field 'replicas'");
    }

    [Fact]
    public void Parse_PlacementNotAMapping_Located()
    {
        var result = Parse("placement: everywhere");

        AssertError(result, "placement", 2, 12, "expected a mapping");
    }

    [Fact]
    public void Parse_SpreadByNotALabelKey_Located()
    {
        var result = Parse("placement: {spreadBy: \"site=a\"}");

        AssertError(result, "placement.spreadBy", 2, 23, "'site=a' is not a node label key");
    }

    private static void AssertError(DeploymentParseResult result, string path, int line, int column, string message)
    {
        var matches = result.Errors.Where(e => e.Path == path).ToList();
        Assert.True(matches.Count == 1, $"expected one error at {path}, got: {string.Join(" | ", result.Errors)}");
        var error = matches[0];
        Assert.True((line, column) == (error.Line, error.Column), $"{path}: expected {line}:{column}, got {error}");
        Assert.Contains(message, error.Message);
    }
}
