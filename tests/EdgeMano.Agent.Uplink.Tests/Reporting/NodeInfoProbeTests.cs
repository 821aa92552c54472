using System.Runtime.InteropServices;
using EdgeMano.Agent.Uplink.Reporting;

namespace EdgeMano.Agent.Uplink.Tests.Reporting;

public sealed class NodeInfoProbeTests
{
    [Theory]
    [InlineData(Architecture.X64, "amd64")]
    [InlineData(Architecture.Arm64, "arm64")]
    [InlineData(Architecture.Arm, "arm")]
    public void Arch_DotnetArchitecture_UsesKubernetesNames(Architecture architecture, string expected) =>
        Assert.Equal(expected, NodeInfoProbe.Arch(architecture));

    [Fact]
    public void MemTotal_ProcMeminfo_InBytes()
    {
        const string meminfo = "MemTotal:        4028356 kB\nMemFree:          123456 kB\nMemAvailable:    2000000 kB\n";

        Assert.Equal(4028356L * 1024, NodeInfoProbe.MemTotal(meminfo));
        Assert.Equal(0, NodeInfoProbe.MemTotal("garbage"));
    }

    [Fact]
    public void Create_ThisMachine_FillsEveryField()
    {
        var info = NodeInfoProbe.Create(new UplinkOptions
        {
            NodeId = "n1",
            Labels = new Dictionary<string, string> { ["site"] = "a" },
            RuntimeName = "docker",
            AgentVersion = "1.2.3",
        });

        Assert.Equal("n1", info.NodeId);
        Assert.Equal("a", info.Labels["site"]);
        Assert.Equal("docker", info.Runtime);
        Assert.Equal("1.2.3", info.AgentVersion);
        Assert.Equal(Environment.ProcessorCount * 1000L, info.Capacity.CpuMillis);
        Assert.Equal(NodeInfoProbe.MemTotal(File.ReadAllText("/proc/meminfo")), info.Capacity.MemoryBytes);
        Assert.True(info.Capacity.MemoryBytes > 0);
    }
}
