using System.Reflection;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Store.Tests.TestSupport;

/// <summary>
/// Guards the round-trip tests: every settable property of every stored type must differ from its
/// default in some sample. A field added to Core then fails here until the samples (and so the
/// round-trip tests, and so the mappers) cover it.
/// </summary>
public sealed class SamplesTests
{
    [Fact]
    public void Samples_EverySpecField_DiffersFromDefault()
    {
        var container = Samples.Container();
        var process = Samples.Process();
        AssertCovered(new WorkloadSpec { Name = "", Kind = default }, container, process);
        AssertCovered(new RestartSpec(), container.Restart, process.Restart);
        AssertCovered(new HealthProbeSpec { Kind = default }, container.Health!, process.Health!);
        AssertCovered(new PortMapping { ContainerPort = 0 }, container.Ports[0]);
        AssertCovered(new MountSpec { Source = "", Target = "" }, container.Mounts[0]);
        AssertCovered(new ResourceLimits(), container.Resources);
        AssertCovered(new NetworkAttachment { Name = "" }, container.Networks[0]);
        AssertCovered(new DesiredState { NodeId = "", Revision = 0 }, Samples.Desired(3));
    }

    [Fact]
    public void Samples_EveryRecordAndEventField_DiffersFromDefault()
    {
        AssertCovered(new WorkloadRecord { Name = "" }, Samples.Record());
        AssertCovered(new AgentEvent { At = default, Workload = "", Reason = "", Message = "" }, Samples.Event("m") with { Sequence = 9 });
    }

    private static void AssertCovered<T>(T defaults, params T[] samples)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var fallback = property.GetValue(defaults);
            Assert.True(
                samples.Any(s => !Equals(property.GetValue(s), fallback)),
                $"{typeof(T).Name}.{property.Name} has its default value in every sample");
        }
    }
}
