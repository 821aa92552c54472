using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using static EdgeMano.Agent.Core.Tests.Validation.ValidationYaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

public sealed class DesiredStateValidatorTests
{
    private static WorkloadSpec Container(string name, params PortMapping[] ports) =>
        new() { Name = name, Kind = WorkloadKind.Container, Image = "local/busybox:1", Ports = new(ports) };

    private static DesiredState State(params WorkloadSpec[] workloads) =>
        new() { NodeId = "node-1", Revision = 3, Workloads = new(workloads) };

    [Theory]
    [InlineData("\"node 1\"", "node 1")]
    [InlineData("\"-node\"", "-node")]
    [InlineData("\"\"", "")]
    public void Validate_BadNodeIdInFile_Located(string yamlValue, string nodeId)
    {
        var yaml = $"apiVersion: edgemano/v1\nkind: DesiredState\nnodeId: {yamlValue}\n";

        Assert.Equal($"test.yaml:3:9: nodeId: '{nodeId}' is not a valid node id: start with a letter or digit, then letters, digits, '_', '.' or '-' (at most 253)",
            SingleError(yaml));
    }

    [Fact]
    public void Validate_DuplicateNamesInFile_SecondLocatedNamingFirstLine()
    {
        var yaml = Raw("  - name: web\n    kind: process\n    command: [a]\n  - name: other\n    kind: process\n    command: [b]\n  - name: web\n    kind: process\n    command: [c]\n");

        Assert.Equal("test.yaml:10:11: workloads[2].name: duplicate workload name 'web'; first used by workloads[0] at line 4", SingleError(yaml));
    }

    [Fact]
    public void Validate_ValidState_NoErrors()
    {
        Assert.Empty(DesiredStateValidator.Validate(State(
            Container("web", new PortMapping { ContainerPort = 8080, HostPort = 18080 }),
            new WorkloadSpec { Name = "job", Kind = WorkloadKind.Process, Command = new(["/bin/sleep", "1"]) })));
    }

    [Fact]
    public void Validate_StateWithoutFile_ErrorsCarryPathsAndAllAtOnce()
    {
        // As if it came from the plane over protobuf: there is no file to point into.
        var state = State(
            Container("web", new PortMapping { ContainerPort = 80, HostPort = 8080 }),
            Container("web", new PortMapping { ContainerPort = 81, HostPort = 8080 }) with
            {
                Restart = new RestartSpec { MaxRetries = -2 },
                Health = new HealthProbeSpec { Kind = ProbeKind.Exec, InitialDelay = TimeSpan.FromSeconds(-1), Command = new(["/bin/check"]) },
            }) with { NodeId = "node/1", Revision = -1 };

        Assert.Equal([
            new ValidationError("nodeId", "'node/1' is not a valid node id: start with a letter or digit, then letters, digits, '_', '.' or '-' (at most 253)"),
            new ValidationError("revision", "must not be negative, got -1"),
            new ValidationError("workloads[1].restart.maxRetries", "must be 0 (no limit) or more, got -2"),
            new ValidationError("workloads[1].health.initialDelay", "must not be negative, got -1s"),
            new ValidationError("workloads[1].name", "duplicate workload name 'web'; first used by workloads[0]", "workloads[0].name"),
            new ValidationError("workloads[1].ports[0]", "host port 8080/tcp is already published by workloads[0].ports[0]", "workloads[0].ports[0]"),
        ], DesiredStateValidator.Validate(state));
    }

    [Fact]
    public void Validate_ErrorToString_IsPathThenMessage()
    {
        var error = Assert.Single(DesiredStateValidator.Validate(State(Container("web") with { Image = "" })));

        Assert.Equal("workloads[0].image: is required for a container", error.ToString());
    }

    [Fact]
    public void Validate_UnreadablePath_RulesAboutItSkipped()
    {
        var state = State(Container("web") with { Image = "" }, Container("Bad"));

        var errors = DesiredStateValidator.Validate(state, path => path.StartsWith("workloads[0].kind", StringComparison.Ordinal)
            || path.StartsWith("workloads[1]", StringComparison.Ordinal));

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_ThreeFaultsInFile_ThreeLocatedErrors()
    {
        var yaml = Raw("""
              - name: web
                kind: container
                image: local/busybox:1
                ports: ["99999:80"]
                mounts: [{source: data, target: /data}]
              - name: job
                kind: process
                image: local/busybox:1
                command: [/bin/job]

            """);

        Assert.Equal([
            "test.yaml:7:13: workloads[0].ports[0].hostPort: must be between 1 and 65535 (or 0 for the same as containerPort), got 99999",
            "test.yaml:8:23: workloads[0].mounts[0].source: 'data' must be an absolute path on the node",
            "test.yaml:11:12: workloads[1].image: a process has no image; remove it, or use kind: container",
        ], Yaml.YamlTestFiles.Errors(yaml));
    }
}
