using static EdgeMano.Agent.Core.Tests.Validation.ValidationYaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

public sealed class ProbeRulesTests
{
    private const string UndeclaredPortReason =
        "the agent probes a container from the node through a published port, so add it under ports, or use network: host";

    [Theory]
    [InlineData("http")]
    [InlineData("tcp")]
    public void Validate_ContainerProbeOnUndeclaredPort_SaysWhy(string kind)
    {
        var column = 23 + kind.Length;
        Assert.Equal($"test.yaml:8:{column}: workloads[0].health.{kind}.port: port 9090 is not a declared containerPort (declared: 8080); {UndeclaredPortReason}",
            SingleError(Container($"    ports: [\"18080:8080\"]\n    health: {{{kind}: {{port: 9090}}}}\n")));
    }

    [Fact]
    public void Validate_ContainerProbeWithNoPorts_SaysNoneDeclared()
    {
        Assert.Equal($"test.yaml:7:26: workloads[0].health.tcp.port: port 8080 is not a declared containerPort (declared: none); {UndeclaredPortReason}",
            SingleError(Container("    health: {tcp: {port: 8080}}\n")));
    }

    [Fact]
    public void Validate_ContainerProbeOnHostNetwork_AnyPortAccepted()
    {
        AssertValid(Container("    network: host\n    health: {http: {path: /health, port: 9090}}\n"));
    }

    [Fact]
    public void Validate_ProcessProbeOnUndeclaredPort_Accepted()
    {
        AssertValid(Process("    health: {tcp: {port: 9090}}\n"));
    }

    [Fact]
    public void Validate_ProbePortOutOfRange_Located()
    {
        Assert.Equal("test.yaml:7:26: workloads[0].health.tcp.port: must be between 1 and 65535, got 0",
            SingleError(Process("    health: {tcp: {port: 0}}\n")));
    }

    [Fact]
    public void Validate_HttpPathWithoutSlash_Located()
    {
        Assert.Equal("test.yaml:7:27: workloads[0].health.http.path: 'health' must start with '/'",
            SingleError(Process("    health: {http: {path: health, port: 80}}\n")));
    }

    [Fact]
    public void Validate_ExecWithoutCommand_Located()
    {
        Assert.Equal("test.yaml:7:30: workloads[0].health.exec.command: must name the executable to run, e.g. [/bin/check]",
            SingleError(Process("    health: {exec: {command: []}}\n")));
    }

    [Fact]
    public void Validate_ZeroPeriodTimeoutAndThreshold_AllThreeLocated()
    {
        var errors = Yaml.YamlTestFiles.Errors(Process("    health:\n      tcp: {port: 80}\n      period: 0s\n      timeout: 0\n      failureThreshold: 0\n"));

        Assert.Equal([
            "test.yaml:9:15: workloads[0].health.period: must be greater than 0, got 0s",
            "test.yaml:10:16: workloads[0].health.timeout: must be greater than 0, got 0s",
            "test.yaml:11:25: workloads[0].health.failureThreshold: must be at least 1, got 0",
        ], errors);
    }
}
