using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Deployments;

namespace EdgeMano.Plane.Core.Tests.Deployments;

public sealed class DeploymentYamlTests
{
    private const string ValidYaml = """
        apiVersion: edgemano/v1
        kind: Deployment
        name: web
        selector: {site: plant-a, tier: edge}
        workloads:
          - name: web
            kind: container
            image: local/busybox:1
            command: [httpd, -f, -p, "8080"]
            ports: ["18080:8080"]
            env: {MODE: fast}
          - name: worker
            kind: process
            command: [/bin/sleep, "3600"]
        """;

    private const string ValidJson = """
        {
          "apiVersion": "edgemano/v1",
          "kind": "Deployment",
          "name": "web",
          "selector": {"site": "plant-a", "tier": "edge"},
          "workloads": [
            {"name": "web", "kind": "container", "image": "local/busybox:1",
             "command": ["httpd", "-f", "-p", "8080"], "ports": ["18080:8080"], "env": {"MODE": "fast"}},
            {"name": "worker", "kind": "process", "command": ["/bin/sleep", "3600"]}
          ]
        }
        """;

    private static readonly DeploymentSpec Expected = new()
    {
        Name = "web",
        Selector = new ValueMap([new("site", "plant-a"), new("tier", "edge")]),
        Workloads = new ValueList<WorkloadSpec>([
            new WorkloadSpec
            {
                Name = "web", Kind = WorkloadKind.Container, Image = "local/busybox:1",
                Command = new(["httpd", "-f", "-p", "8080"]),
                Ports = new([new PortMapping { ContainerPort = 8080, HostPort = 18080 }]),
                Env = new([new("MODE", "fast")]),
            },
            new WorkloadSpec { Name = "worker", Kind = WorkloadKind.Process, Command = new(["/bin/sleep", "3600"]) },
        ]),
    };

    [Fact]
    public void Parse_ValidYaml_ReturnsSpecWithoutErrors()
    {
        var result = DeploymentYaml.Parse(ValidYaml, "web.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(Expected, result.Spec);
    }

    [Fact]
    public void Parse_SameDocumentAsJson_GivesEqualSpec()
    {
        var yaml = DeploymentYaml.Parse(ValidYaml, "body");
        var json = DeploymentYaml.Parse(ValidJson, "body");

        Assert.Empty(json.Errors);
        Assert.Equal(yaml.Spec, json.Spec);
    }

    [Fact]
    public void Parse_JsonIndentedWithTabs_GivesEqualSpec()
    {
        // Hand-written JSON is often indented with tabs, which YAML forbids for block indentation.
        var json = ValidJson.Replace("  ", "\t", StringComparison.Ordinal);

        var result = DeploymentYaml.Parse(json, "body");

        Assert.Empty(result.Errors);
        Assert.Equal(Expected, result.Spec);
    }

    [Fact]
    public void Parse_NoHeaderAndNameFromPath_ReturnsSpecNamedAfterPath()
    {
        var result = DeploymentYaml.Parse("workloads: [{name: a, kind: container, image: local/a:1}]", "body", expectedName: "web");

        Assert.Empty(result.Errors);
        Assert.Equal("web", result.Spec!.Name);
        Assert.Same(ValueMap.Empty, result.Spec.Selector);
    }

    [Fact]
    public void Parse_BodyAsAnsweredByGet_IgnoresThePlanesFields()
    {
        var result = DeploymentYaml.Parse("""
            {"name": "web", "selector": {}, "workloads": [{"name": "a", "kind": "container", "image": "local/a:1"}],
             "generation": 2, "createdAt": "2030-01-01T00:00:00Z", "updatedAt": "2030-01-01T00:00:00Z",
             "nodes": ["edge-1"], "unplaced": [{"node": "edge-2", "reason": "x"}]}
            """, "body", expectedName: "web");

        Assert.Empty(result.Errors);
        Assert.Equal("web", result.Spec!.Name);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneLocatedAtOnce()
    {
        var result = DeploymentYaml.Parse("""
            apiVersion: edgemano/v2
            kind: Deploy
            name: Web_1
            selecter: {site: a}
            workloads:
              - name: web
                kind: container
                image: "local/BAD image"
                ports: ["70000:80"]
              - name: web
                kind: container
                image: local/a:1
              - name: api
                kind: container
                image: local/a:1
                ports: ["18080:80"]
              - name: db
                kind: container
                image: local/a:1
                ports: ["18080:81"]
            """, "web.yaml");

        Assert.Null(result.Spec);
        AssertError(result, "apiVersion", 1, 13, "expected 'edgemano/v1', got 'edgemano/v2'");
        AssertError(result, "kind", 2, 7, "expected 'Deployment', got 'Deploy'");
        AssertError(result, "name", 3, 7, "'Web_1' is not a valid deployment name");
        AssertError(result, "selecter", 4, 1, "unknown field 'selecter' (did you mean 'selector'?)");
        AssertError(result, "workloads[0].image", 8, 12, "local/BAD image");
        AssertError(result, "workloads[0].ports[0].hostPort", 9, 13, "must be between 1 and 65535 (or 0 for the same as containerPort), got 70000");
        AssertError(result, "workloads[1].name", 10, 11, "duplicate workload name 'web'; first used by workloads[0] at line 6");
        AssertError(result, "workloads[3].ports[0]", 20, 13, "host port 18080/tcp is already published by workloads[2].ports[0] at line 16");
        Assert.Equal(8, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("web.yaml", e.File));
        Assert.Equal(result.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column), result.Errors);
    }

    [Fact]
    public void Parse_ProblemsInJson_LocatedByLineAndColumn()
    {
        var result = DeploymentYaml.Parse("""
            {"name": "web", "kindd": "Deployment",
             "workloads": [{"name": "a", "kind": "container", "image": "local/a:1", "ports": [{"containerPort": 0}]}]}
            """, "body");

        Assert.Null(result.Spec);
        AssertError(result, "kindd", 1, 17, "unknown field 'kindd' (did you mean 'kind'?)");
        AssertError(result, "workloads[0].ports[0].containerPort", 2, 101, "must be between 1 and 65535, got 0");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void Parse_MissingNameWithoutPathName_ReportsRequiredField()
    {
        var result = DeploymentYaml.Parse("workloads: [{name: a, kind: container, image: local/a:1}]", "body");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("name", 1, 1), (error.Path, error.Line, error.Column));
        Assert.Equal("required field 'name' is missing", error.Message);
    }

    [Fact]
    public void Parse_NameDiffersFromPathName_ReportsBoth()
    {
        var result = DeploymentYaml.Parse("name: api\nworkloads: [{name: a, kind: container, image: local/a:1}]", "body", expectedName: "web");

        Assert.Null(result.Spec);
        AssertError(result, "name", 1, 7, "'api' does not match the name in the request path ('web')");
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_NoNameAndInvalidPathName_ReportsTheName()
    {
        var result = DeploymentYaml.Parse("workloads: [{name: a, kind: container, image: local/a:1}]", "body", expectedName: "Bad_Name");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal("name", error.Path);
        Assert.Contains("'Bad_Name' is not a valid deployment name", error.Message);
    }

    [Theory]
    [InlineData("name: web\nworkloads: []\n", "workloads", 2, 12, "must list at least one workload")]
    [InlineData("name: web\n", "workloads", 1, 1, "required field 'workloads' is missing")]
    [InlineData("name: web\nworkloads:\n", "workloads", 2, 1, "required field 'workloads' has no value")]
    [InlineData("name: web\nworkloads: {a: 1}\n", "workloads", 2, 12, "expected a list, got a mapping")]
    [InlineData("name: web\nselector: [a, b]\nworkloads: [{name: a, kind: container, image: local/a:1}]\n", "selector", 2, 11, "expected a mapping, got a list")]
    [InlineData("name: web\nselector: plant-a\nworkloads: [{name: a, kind: container, image: local/a:1}]\n", "selector", 2, 11, "expected a mapping, got 'plant-a'")]
    [InlineData("name: web\nselector: {\"\": a}\nworkloads: [{name: a, kind: container, image: local/a:1}]\n", "selector", 2, 11, "selector keys must not be empty")]
    [InlineData("name: \"\"\nworkloads: [{name: a, kind: container, image: local/a:1}]\n", "name", 1, 7, "'' is not a valid deployment name")]
    public void Parse_BadTopLevelField_ReportsItLocated(string text, string path, int line, int column, string message)
    {
        var result = DeploymentYaml.Parse(text, "body");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, line, column), (error.Path, error.Line, error.Column));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Parse_TooManyWorkloads_ReportsTheLimit()
    {
        var items = string.Join("\n", Enumerable.Range(0, DeploymentYaml.MaxWorkloads + 1)
            .Select(i => $"  - {{name: w{i}, kind: container, image: local/a:1}}"));

        var result = DeploymentYaml.Parse($"name: web\nworkloads:\n{items}\n", "body");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal("workloads", error.Path);
        Assert.Equal($"at most {DeploymentYaml.MaxWorkloads} workloads, got {DeploymentYaml.MaxWorkloads + 1}", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    public void Parse_EmptyDocument_ReportsOneErrorAtTheStart(string text)
    {
        var result = DeploymentYaml.Parse(text, "body");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("", 1, 1), (error.Path, error.Line, error.Column));
        Assert.Contains("empty", error.Message);
    }

    [Theory]
    [InlineData("null\n", "expected a mapping, got nothing (null)")]
    [InlineData("- a\n- b\n", "expected a mapping, got a list")]
    [InlineData("web\n", "expected a mapping, got 'web'")]
    public void Parse_DocumentNotAMapping_ReportsItsShape(string text, string message)
    {
        var result = DeploymentYaml.Parse(text, "body");

        Assert.Null(result.Spec);
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("name: web\nworkloads: [{name: a\n", 3)]
    [InlineData("name: web\n  bad: indent\n", 2)]
    [InlineData("{\"name\": \"web\",\n \"workloads\": [\n", 3)]
    [InlineData("{\"name\": \"web\" \"kind\": \"Deployment\"}", 1)]
    public void Parse_MalformedYamlOrJson_ReportsInvalidYamlWithALine(string text, int line)
    {
        var result = DeploymentYaml.Parse(text, "body");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("invalid YAML: ", error.Message);
        Assert.Equal(line, error.Line);
        Assert.True(error.Column > 0);
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
