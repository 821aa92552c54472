using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Agent.Store.Tests.TestSupport;
using Google.Protobuf;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Store.Tests.Mapping;

public sealed class DesiredStateProtoMapperTests
{
    [Fact]
    public void ToProtoThenFromProto_FullState_EqualsOriginal()
    {
        var state = Samples.Desired(42);

        var bytes = DesiredStateProtoMapper.ToProto(state).ToByteArray();
        var back = DesiredStateProtoMapper.FromProto(Wire.DesiredState.Parser.ParseFrom(bytes));

        Assert.Equal(state, back);
    }

    [Fact]
    public void ToProto_FullSpec_WritesEveryWireField()
    {
        var workload = DesiredStateProtoMapper.ToProto(Samples.Container());

        Assert.Equal(Wire.WorkloadKind.Container, workload.Kind);
        Assert.Equal(["-f", "-p", "8080"], workload.Args);
        Assert.Equal("1", workload.Env["A"]);
        Assert.Equal(18080u, workload.Ports[0].HostPort);
        Assert.True(workload.Mounts[0].ReadOnly);
        Assert.Equal(64L << 20, workload.Resources.MemoryBytes);
        Assert.Equal(Wire.RestartMode.OnFailure, workload.Restart.Mode);
        Assert.Equal(new Google.Protobuf.WellKnownTypes.Duration { Nanos = 250_000_000 }, workload.Restart.BackoffUnit);
        Assert.Equal(Wire.ProbeKind.Http, workload.Health.Kind);
        Assert.Equal(1, workload.Health.Timeout.Seconds);
        Assert.Equal(500_000_000, workload.Health.Timeout.Nanos);
        Assert.Equal("edge", workload.Labels["tier"]);
    }

    [Fact]
    public void ToProto_NetworksAndHosts_WrittenAsSent()
    {
        var workload = DesiredStateProtoMapper.ToProto(Samples.Container());

        Assert.Equal(["ns1-link", "ns1-mgmt"], workload.Networks.Select(n => n.Name));
        Assert.Equal(["web.ns1", "web"], workload.Networks[0].Aliases);
        Assert.Empty(workload.Networks[1].Aliases);
        Assert.Equal("10.0.0.7", workload.Hosts["pnf.ns1"]);
        Assert.Equal("fd00::1", workload.Hosts["gw.ns1"]);
    }

    [Fact]
    public void FromProto_WorkloadWithoutNetworksOrHosts_SameSpecAndHashAsBefore()
    {
        // A desired state stored or sent before these fields existed: after an upgrade it must
        // read back as the same spec, hashing the same, so running containers are adopted as is.
        var before = Samples.Container() with { Networks = ValueList<NetworkAttachment>.Empty, Hosts = ValueMap.Empty };
        var oldBytes = DesiredStateProtoMapper.ToProto(before).ToByteArray();

        var back = DesiredStateProtoMapper.FromProto(Wire.Workload.Parser.ParseFrom(oldBytes));

        Assert.Equal(before, back);
        Assert.Same(ValueList<NetworkAttachment>.Empty, back.Networks);
        Assert.Same(ValueMap.Empty, back.Hosts);
        Assert.Equal(SpecHash.Compute(before), SpecHash.Compute(back));
        Assert.NotEqual(SpecHash.Compute(Samples.Container()), SpecHash.Compute(back));
    }

    [Theory]
    [InlineData(RestartMode.Always, Wire.RestartMode.Always)]
    [InlineData(RestartMode.OnFailure, Wire.RestartMode.OnFailure)]
    [InlineData(RestartMode.Never, Wire.RestartMode.Never)]
    public void RestartMode_EachValue_MapsBothWays(RestartMode core, Wire.RestartMode wire)
    {
        var spec = Samples.Process() with { Restart = new RestartSpec { Mode = core } };

        var proto = DesiredStateProtoMapper.ToProto(spec);

        Assert.Equal(wire, proto.Restart.Mode);
        Assert.Equal(core, DesiredStateProtoMapper.FromProto(proto).Restart.Mode);
    }

    [Theory]
    [InlineData(ProbeKind.Http, Wire.ProbeKind.Http)]
    [InlineData(ProbeKind.Tcp, Wire.ProbeKind.Tcp)]
    [InlineData(ProbeKind.Exec, Wire.ProbeKind.Exec)]
    public void ProbeKind_EachValue_MapsBothWays(ProbeKind core, Wire.ProbeKind wire)
    {
        var spec = Samples.Process() with { Health = new HealthProbeSpec { Kind = core, Port = 1 } };

        var proto = DesiredStateProtoMapper.ToProto(spec);

        Assert.Equal(wire, proto.Health.Kind);
        Assert.Equal(core, DesiredStateProtoMapper.FromProto(proto).Health!.Kind);
    }

    [Theory]
    [InlineData(WorkloadKind.Container, Wire.WorkloadKind.Container)]
    [InlineData(WorkloadKind.Process, Wire.WorkloadKind.Process)]
    public void WorkloadKind_EachValue_MapsBothWays(WorkloadKind core, Wire.WorkloadKind wire)
    {
        var proto = DesiredStateProtoMapper.ToProto(Samples.Process() with { Kind = core });

        Assert.Equal(wire, proto.Kind);
        Assert.Equal(core, DesiredStateProtoMapper.FromProto(proto).Kind);
    }

    [Fact]
    public void FromProto_UnspecifiedRestartMode_Always()
    {
        var proto = new Wire.Workload { Name = "w", Kind = Wire.WorkloadKind.Process, Restart = new Wire.RestartPolicy { MaxRetries = 2 } };

        var spec = DesiredStateProtoMapper.FromProto(proto);

        Assert.Equal(RestartMode.Always, spec.Restart.Mode);
        Assert.Equal(2, spec.Restart.MaxRetries);
        Assert.Equal(RestartSpec.Default.BackoffUnit, spec.Restart.BackoffUnit);
    }

    [Fact]
    public void FromProto_ZeroValuesAndAbsentMessages_TakeCoreDefaults()
    {
        var proto = new Wire.Workload
        {
            Name = "w",
            Kind = Wire.WorkloadKind.Container,
            Ports = { new Wire.PortMapping { ContainerPort = 80 } },
            Health = new Wire.HealthProbe { Kind = Wire.ProbeKind.Http },
        };

        var spec = DesiredStateProtoMapper.FromProto(proto);

        Assert.Equal("tcp", spec.Ports[0].Protocol);
        Assert.Equal(ResourceLimits.None, spec.Resources);
        Assert.Equal(RestartSpec.Default, spec.Restart);
        Assert.Equal(new HealthProbeSpec { Kind = ProbeKind.Http }, spec.Health);
    }

    [Fact]
    public void FromProto_NoIssuedAt_DefaultTime()
    {
        var state = DesiredStateProtoMapper.FromProto(new Wire.DesiredState { NodeId = "n", Revision = 1 });

        Assert.Equal(default, state.IssuedAt);
        Assert.Null(DesiredStateProtoMapper.ToProto(state).IssuedAt);
    }

    [Fact]
    public void FromProto_UnspecifiedKind_ThrowsNamingWorkload()
    {
        var ex = Assert.Throws<FormatException>(() => DesiredStateProtoMapper.FromProto(new Wire.Workload { Name = "cnf-a" }));

        Assert.Contains("'cnf-a'", ex.Message);
        Assert.Contains("kind", ex.Message);
    }

    [Fact]
    public void ToProto_NegativePort_ThrowsNamingField()
    {
        var spec = Samples.Process() with { Ports = new([new PortMapping { ContainerPort = -1 }]) };

        var ex = Assert.Throws<FormatException>(() => DesiredStateProtoMapper.ToProto(spec));

        Assert.Contains("ports.container_port", ex.Message);
    }
}
