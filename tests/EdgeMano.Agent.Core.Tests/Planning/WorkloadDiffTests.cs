using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Runtime;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Planning;

public sealed class WorkloadDiffTests
{
    private static WorkloadDiff Diff(IEnumerable<WorkloadSpec> desired, params ObservedWorkload[] observed) =>
        WorkloadDiff.Compute(new DesiredSet(Desired(1, [.. desired])), observed);

    [Fact]
    public void Compute_EachKind_KeptApart()
    {
        var added = Container("added");
        var same = Container("same");
        var changedOld = Container("changed", image: "local/app:1");
        var changedNew = Container("changed", image: "local/app:2");

        var diff = Diff([added, same, changedNew],
            Observed(same, "s1"), Observed(changedOld, "c1"), Orphan("gone", "g1"));

        Assert.Equal("added", Assert.Single(diff.Added).Name);
        Assert.Equal("same", Assert.Single(diff.Unchanged).Name);
        var updated = Assert.Single(diff.Updated);
        Assert.Equal("changed", updated.Desired.Name);
        Assert.Equal(SpecHashOf(changedNew), updated.Desired.Hash);
        Assert.Equal("c1", Assert.Single(updated.Stale).RuntimeId);
        Assert.Equal("g1", Assert.Single(diff.Removed).RuntimeId);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void Compute_EverythingInPlace_IsEmpty()
    {
        var a = Container("a");
        var p = Process("p");
        var diff = Diff([a, p], Observed(a, "a1"), Observed(p, "p1"));
        Assert.True(diff.IsEmpty);
        Assert.Equal(["a", "p"], diff.Unchanged.Select(w => w.Name).Order());
    }

    [Fact]
    public void Compute_NothingDesiredNothingObserved_IsEmpty()
    {
        var diff = Diff([]);
        Assert.True(diff.IsEmpty);
        Assert.Empty(diff.Unchanged);
    }

    [Fact]
    public void Compute_DuplicateCurrentInstances_UnchangedOnce()
    {
        var a = Container("a");
        var diff = Diff([a], Observed(a, "a1"), Observed(a, "a2"));
        Assert.Equal("a", Assert.Single(diff.Unchanged).Name);
        Assert.True(diff.IsEmpty);
    }

    [Fact]
    public void Compute_CurrentAndStaleInstance_UnchangedNotUpdated()
    {
        // The stale one is the planner's to clean up as a duplicate; the diff does not call it an update.
        var old = Container("a", image: "local/app:1");
        var now = Container("a", image: "local/app:2");
        var diff = Diff([now], Observed(old, "old"), Observed(now, "new"));
        Assert.Single(diff.Unchanged);
        Assert.Empty(diff.Updated);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public void Compute_SeveralStaleInstances_AllListedInOneUpdate()
    {
        var v1 = Container("a", image: "local/app:1");
        var v2 = Container("a", image: "local/app:2");
        var v3 = Container("a", image: "local/app:3");
        var diff = Diff([v3], Observed(v1, "x1"), Observed(v2, "x2"));
        var updated = Assert.Single(diff.Updated);
        Assert.Equal(["x1", "x2"], updated.Stale.Select(s => s.RuntimeId).Order());
    }

    [Fact]
    public void Compute_DuplicateOrphans_AllRemoved()
    {
        var diff = Diff([], Orphan("x", "x1"), Orphan("x", "x2", runtime: "process"), Orphan("y", "y1"));
        Assert.Equal(["x1", "x2", "y1"], diff.Removed.Select(r => r.RuntimeId).Order());
    }

    [Fact]
    public void Compute_KindChangedUnderSameName_OldInstanceIsStale()
    {
        var asProcess = Process("a");
        var asContainer = Container("a");
        var diff = Diff([asContainer], Observed(asProcess, "pid-1"));
        var updated = Assert.Single(diff.Updated);
        Assert.Equal("process", Assert.Single(updated.Stale).Runtime);
    }

    [Fact]
    public void Compute_InstanceStateDoesNotMatter_ExitedCurrentIsUnchanged()
    {
        var a = Container("a");
        var diff = Diff([a], Observed(a, "a1", InstanceState.Exited, exitCode: 1, finishedAt: T0));
        Assert.Single(diff.Unchanged);
    }

    private static string SpecHashOf(WorkloadSpec spec) => SpecHash.Compute(spec);
}
