using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Core.Tests.Yaml;

/// <summary>The files under examples/ are documentation: the good ones must parse, the bad ones must fail as described.</summary>
public sealed class ExampleFilesTests
{
    private static ParseResult ParseExample(string relativePath)
    {
        var path = Path.Combine(YamlTestFiles.ExamplesDirectory(), relativePath);
        return DesiredStateYaml.Parse(File.ReadAllText(path), relativePath, "example-node");
    }

    private static IReadOnlyList<string> GoodExampleFiles() =>
        Directory.GetFiles(YamlTestFiles.ExamplesDirectory(), "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> GoodExamples() => new(GoodExampleFiles());

    [Theory]
    [MemberData(nameof(GoodExamples))]
    public void Parse_GoodExample_NoErrors(string file)
    {
        var result = ParseExample(file);

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.State!.Workloads);
    }

    [Fact]
    public void Parse_GoodExamples_IncludeBothDocumentedFiles()
    {
        Assert.Contains("three-containers.yaml", GoodExampleFiles());
        Assert.Contains("ten-processes.yaml", GoodExampleFiles());
    }

    [Fact]
    public void Parse_ThreeContainers_ThreeBusyboxContainersWithProbes()
    {
        var workloads = ParseExample("three-containers.yaml").State!.Workloads;

        Assert.Equal(["web", "sleeper", "listener"], workloads.Select(w => w.Name));
        Assert.All(workloads, w => Assert.Equal(("local/busybox:1", WorkloadKind.Container), (w.Image, w.Kind)));
        Assert.Equal(ProbeKind.Http, workloads[0].Health!.Kind);
        Assert.Equal(new PortMapping { ContainerPort = 9000, HostPort = 19000 }, Assert.Single(workloads[2].Ports));
        Assert.Equal(ProbeKind.Tcp, workloads[2].Health!.Kind);
    }

    [Fact]
    public void Parse_TenProcesses_TenSleepsRestartedAlways()
    {
        var workloads = ParseExample("ten-processes.yaml").State!.Workloads;

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"sleep-{i}"), workloads.Select(w => w.Name));
        Assert.All(workloads, w =>
        {
            Assert.Equal(WorkloadKind.Process, w.Kind);
            Assert.Equal(["/bin/sleep", "3600"], w.Command);
            Assert.Equal(RestartMode.Always, w.Restart.Mode);
        });
    }

    [Theory]
    [InlineData("bad/malformed.yaml", "bad/malformed.yaml:7:4: invalid YAML: while parsing a block collection, did not find expected '-' indicator")]
    [InlineData("bad/unknown-field.yaml", "bad/unknown-field.yaml:6:5: workloads[0].imgae: unknown field 'imgae' (did you mean 'image'?); allowed: name, kind, image, command, args, env, ports, mounts, resources, restart, health, labels, workingDir, network, networks, hosts")]
    [InlineData("bad/bad-port.yaml", "bad/bad-port.yaml:9:19: workloads[0].ports[0].hostPort: must be between 1 and 65535 (or 0 for the same as containerPort), got 70000")]
    [InlineData("bad/duplicate-names.yaml", "bad/duplicate-names.yaml:7:11: workloads[1].name: duplicate workload name 'web'; first used by workloads[0] at line 4")]
    [InlineData("bad/bad-image.yaml", "bad/bad-image.yaml:6:12: workloads[0].image: repository 'Local/BusyBox' must be lowercase ('Local')")]
    public void Parse_BadExample_ExactlyTheDescribedError(string file, string expected)
    {
        var result = ParseExample(file);

        Assert.Null(result.State);
        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void BadExamples_AllCoveredByATest()
    {
        var bad = Directory.GetFiles(Path.Combine(YamlTestFiles.ExamplesDirectory(), "bad"), "*.yaml")
            .Select(f => "bad/" + Path.GetFileName(f)).Order(StringComparer.Ordinal);

        Assert.Equal(["bad/bad-image.yaml", "bad/bad-port.yaml", "bad/duplicate-names.yaml", "bad/malformed.yaml", "bad/unknown-field.yaml"], bad);
    }
}
