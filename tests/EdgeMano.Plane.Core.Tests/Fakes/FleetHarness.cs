using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMano.Plane.Core.Tests.Fakes;

/// <summary>A controller over a fake store and a fake clock, restartable over the same store.</summary>
internal sealed class FleetHarness
{
    public FleetHarness() => Fleet = new FleetController(Store, Time);

    public FakePlaneStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(PlaneSpecs.T0);

    public FleetController Fleet { get; private set; }

    /// <summary>A clean stop (pending states and nodes written, as the plane's writer does at shutdown), then a new controller; without the flush, a crash.</summary>
    public FleetController Restart(bool flush = true)
    {
        if (flush) Flush();
        return Fleet = new FleetController(Store, Time);
    }

    /// <summary>What the plane's background writer does: pending desired states and node records in one commit.</summary>
    public void Flush() => Fleet.FlushPending();

    public ValueList<WorkloadSpec> WorkloadsOf(string nodeId) => Fleet.IssuedFor(nodeId)?.Workloads ?? ValueList<WorkloadSpec>.Empty;

    public long RevisionOf(string nodeId) => Fleet.IssuedFor(nodeId)?.Revision ?? 0;
}
