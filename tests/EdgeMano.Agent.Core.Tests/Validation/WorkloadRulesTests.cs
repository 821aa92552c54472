using static EdgeMano.Agent.Core.Tests.Validation.ValidationYaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

/// <summary>Per-workload rules, each through a YAML file so the reported location is checked too.</summary>
public sealed class WorkloadRulesTests
{
    [Theory]
    [InlineData("Web")]
    [InlineData("-web")]
    [InlineData("web-")]
    [InlineData("web_1")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Validate_NameNotDnsLabel_Located(string name)
    {
        Assert.Equal($"test.yaml:4:11: workloads[0].name: '{name}' is not a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
            SingleError(Container(name: name)));
    }

    [Fact]
    public void Validate_NameOf63Characters_Accepted()
    {
        AssertValid(Container(name: new string('a', 63)));
    }

    [Fact]
    public void Validate_ContainerWithoutImage_LocatedAtWorkload()
    {
        Assert.Equal("test.yaml:4:5: workloads[0].image: is required for a container",
            SingleError(Raw("  - name: web\n    kind: container\n")));
    }

    [Fact]
    public void Validate_ProcessWithImage_Located()
    {
        Assert.Equal("test.yaml:7:12: workloads[0].image: a process has no image; remove it, or use kind: container",
            SingleError(Process("    image: local/busybox:1\n")));
    }

    [Fact]
    public void Validate_ProcessWithoutCommand_LocatedAtWorkload()
    {
        Assert.Equal("test.yaml:4:5: workloads[0].command: is required for a process: the executable first, e.g. [/bin/sleep, \"3600\"]",
            SingleError(Raw("  - name: job\n    kind: process\n    args: [x]\n")));
    }

    [Fact]
    public void Validate_EmptyExecutable_Located()
    {
        Assert.Equal("test.yaml:6:15: workloads[0].command[0]: the executable must not be empty",
            SingleError(Raw("  - name: job\n    kind: process\n    command: [\"\", x]\n")));
    }

    [Fact]
    public void Validate_BadEnvKey_LocatedAtItsValue()
    {
        Assert.Equal("test.yaml:7:17: workloads[0].env.1BAD: '1BAD' is not a valid variable name: letters, digits and '_', not starting with a digit",
            SingleError(Container("    env: {1BAD: x, GOOD_1: y}\n")));
    }

    [Fact]
    public void Validate_EmptyLabelKey_Located()
    {
        Assert.Equal("test.yaml:7:13: workloads[0].labels: a label key is empty",
            SingleError(Container("    labels: {\"\": x, tier: edge}\n")));
    }

    [Fact]
    public void Validate_RelativeMountPaths_BothLocated()
    {
        Assert.Equal([
            "test.yaml:8:17: workloads[0].mounts[0].source: 'data' must be an absolute path on the node",
            "test.yaml:9:17: workloads[0].mounts[0].target: 'srv/data' must be an absolute path",
        ], Yaml.YamlTestFiles.Errors(Container("    mounts:\n      - source: data\n        target: srv/data\n")));
    }

    [Fact]
    public void Validate_RelativeWorkingDir_Located()
    {
        Assert.Equal("test.yaml:7:17: workloads[0].workingDir: 'srv' must be an absolute path",
            SingleError(Container("    workingDir: srv\n")));
    }

    [Fact]
    public void Validate_NegativeCpus_Located()
    {
        Assert.Equal("test.yaml:8:13: workloads[0].resources.cpus: must be greater than 0 (leave it out for no limit), got -1",
            SingleError(Container("    resources:\n      cpus: -1\n")));
    }

    [Fact]
    public void Validate_MemoryBelow4Mi_Located()
    {
        Assert.Equal("test.yaml:8:15: workloads[0].resources.memory: must be at least 4Mi (4194304 bytes), got 1048576 bytes",
            SingleError(Container("    resources:\n      memory: 1Mi\n")));
    }

    [Fact]
    public void Validate_Memory4MiAndMillicores_Accepted()
    {
        AssertValid(Container("    resources: {cpus: 250m, memory: 4Mi}\n"));
    }

    [Fact]
    public void Validate_NegativeMaxRetries_Located()
    {
        Assert.Equal("test.yaml:8:19: workloads[0].restart.maxRetries: must be 0 (no limit) or more, got -1",
            SingleError(Process("    restart:\n      maxRetries: -1\n")));
    }

    [Fact]
    public void Validate_ZeroBackoffUnit_Located()
    {
        Assert.Equal("test.yaml:8:20: workloads[0].restart.backoffUnit: must be greater than 0, got 0s",
            SingleError(Process("    restart:\n      backoffUnit: 0s\n")));
    }

    [Fact]
    public void Validate_ZeroBackoffCap_Located()
    {
        Assert.Equal("test.yaml:8:19: workloads[0].restart.backoffCap: must be greater than 0, got 0s",
            SingleError(Process("    restart:\n      backoffCap: 0\n")));
    }

    [Fact]
    public void Validate_ZeroHealthyReset_Located()
    {
        Assert.Equal("test.yaml:8:21: workloads[0].restart.healthyReset: must be greater than 0, got 0s",
            SingleError(Process("    restart:\n      healthyReset: 0ms\n")));
    }

    [Fact]
    public void Validate_BackoffUnitAboveCap_LocatedAtUnit()
    {
        Assert.Equal("test.yaml:8:20: workloads[0].restart.backoffUnit: 10m is longer than backoffCap 1m; the first delay would exceed the cap",
            SingleError(Process("    restart:\n      backoffUnit: 10m\n      backoffCap: 1m\n")));
    }
}
