using static EdgeMano.Agent.Core.Tests.Validation.ValidationYaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

public sealed class PortRulesTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void Validate_ContainerPortOutOfRange_Located(string port)
    {
        Assert.Equal($"test.yaml:8:24: workloads[0].ports[0].containerPort: must be between 1 and 65535, got {port}",
            SingleError(Container($"    ports:\n      - containerPort: {port}\n")));
    }

    [Fact]
    public void Validate_HostPortOutOfRange_Located()
    {
        Assert.Equal("test.yaml:9:19: workloads[0].ports[0].hostPort: must be between 1 and 65535 (or 0 for the same as containerPort), got -1",
            SingleError(Container("    ports:\n      - containerPort: 80\n        hostPort: -1\n")));
    }

    [Fact]
    public void Validate_ShortFormHostPortOutOfRange_LocatedAtTheEntry()
    {
        Assert.Equal("test.yaml:7:13: workloads[0].ports[0].hostPort: must be between 1 and 65535 (or 0 for the same as containerPort), got 70000",
            SingleError(Container("    ports: [\"70000:80\"]\n")));
    }

    [Fact]
    public void Validate_UnknownProtocol_Located()
    {
        Assert.Equal("test.yaml:9:19: workloads[0].ports[0].protocol: expected tcp or udp, got 'sctp'",
            SingleError(Container("    ports:\n      - containerPort: 80\n        protocol: sctp\n")));
    }

    [Fact]
    public void Validate_HostIpNotAnAddress_Located()
    {
        Assert.Equal("test.yaml:9:17: workloads[0].ports[0].hostIp: 'localhost' is not an IP address",
            SingleError(Container("    ports:\n      - containerPort: 80\n        hostIp: localhost\n")));
    }

    [Fact]
    public void Validate_SameHostPortInTwoWorkloads_SecondLocatedNamingFirstLine()
    {
        var yaml = Raw("""
              - name: a
                kind: container
                image: x
                ports: ["18080:80"]
              - name: b
                kind: container
                image: x
                ports: ["18080:81"]

            """);

        Assert.Equal("test.yaml:11:13: workloads[1].ports[0]: host port 18080/tcp is already published by workloads[0].ports[0] at line 7",
            SingleError(yaml));
    }

    [Fact]
    public void Validate_ImplicitHostPortClashesWithExplicit_Reported()
    {
        // "8080" publishes 8080 on the node, like "8080:8080".
        Assert.Equal("test.yaml:7:21: workloads[0].ports[1]: host port 8080/tcp is already published by workloads[0].ports[0] at line 7",
            SingleError(Container("    ports: [\"8080\", \"8080:9090\"]\n")));
    }

    [Theory]
    [InlineData("[\"53:53/udp\", \"53:53/tcp\"]")]
    [InlineData("[\"127.0.0.1:80:80\", \"127.0.0.2:80:81\"]")]
    public void Validate_SamePortDifferentProtocolOrAddress_Accepted(string ports)
    {
        AssertValid(Container($"    ports: {ports}\n"));
    }

    [Fact]
    public void Validate_WildcardAndSpecificAddressOnSamePort_Reported()
    {
        Assert.Equal("test.yaml:7:32: workloads[0].ports[1]: host port 80/tcp is already published by workloads[0].ports[0] at line 7",
            SingleError(Container("    ports: [\"127.0.0.1:80:80\", \"80:81\"]\n")));
    }
}
