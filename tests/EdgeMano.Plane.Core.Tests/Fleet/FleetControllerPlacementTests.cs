using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;
using EdgeMano.Plane.Core.Tests.Fakes;
using static EdgeMano.Plane.Core.Tests.Fleet.PlacedFleet;

namespace EdgeMano.Plane.Core.Tests.Fleet;

/// <summary>Placement through the controller: which nodes are issued a deployment, and what its view says when it cannot be placed.</summary>
public sealed class FleetControllerPlacementTests
{
    private readonly FleetHarness _h = new();

    private void Join(params NodeReport[] nodes)
    {
        foreach (var node in nodes) _h.Fleet.Report(node);
    }

    private DeploymentPlacement PlacementOf(string deployment) => _h.Fleet.Deployment(deployment)!.Placement;

    [Fact]
    public void Apply_SelectorAndCount_OneCopyOnTheRoomiestMatchingNode()
    {
        Join(Node("a1"), Node("a2", memoryMi: 2048), Node("b1", site: "b", memoryMi: 8192));

        _h.Fleet.Apply(Placed("web", new PlacementSpec { Count = 1 }, site: "a"));

        Assert.Equal(["a2"], NodesRunning(_h, "web"));
        var view = _h.Fleet.Deployment("web")!;
        Assert.Equal(["a2"], view.Nodes);
        Assert.Equal((1, ""), (view.Placement.Wanted, view.Placement.Shortfall));
        Assert.Empty(view.Placement.Rejections); // b1 is not selected, which is not a refusal
    }

    [Fact]
    public void Apply_Arch_OnlyAllowedArchGetsItAndOthersAreNamed()
    {
        Join(Node("pi", arch: "arm64"), Node("x86", arch: "amd64"));

        _h.Fleet.Apply(Placed("cam", new PlacementSpec { Arch = Values("arm64") }));

        Assert.Equal(["pi"], NodesRunning(_h, "cam"));
        Assert.Null(_h.Fleet.IssuedFor("x86"));
        var rejection = Assert.Single(PlacementOf("cam").Rejections);
        Assert.Equal(("x86", "arch amd64 not in [arm64]"), (rejection.Node, rejection.Reason));
        Assert.Equal("", PlacementOf("cam").Shortfall);
    }

    [Fact]
    public void Apply_NoNodeHasTheArch_CannotPlaceNamesEveryNode()
    {
        Join(Node("pi", arch: "arm64"), Node("x86", arch: "amd64"));

        _h.Fleet.Apply(Placed("cam", new PlacementSpec { Arch = Values("riscv64"), Runtimes = Values("docker") }));

        Assert.Empty(NodesRunning(_h, "cam"));
        Assert.Equal(
            "cannot place: 2 nodes in the fleet; pi: arch arm64 not in [riscv64]; x86: arch amd64 not in [riscv64]",
            PlacementOf("cam").Shortfall);
    }

    [Fact]
    public void Apply_Runtime_ProcessOnlyDeploymentSkipsDockerNodes()
    {
        Join(Node("bare", runtime: "process"), Node("dock", runtime: "docker"));

        _h.Fleet.Apply(Placed("agent", new PlacementSpec { Runtimes = Values("process") }));

        Assert.Equal(["bare"], NodesRunning(_h, "agent"));
        Assert.Equal("runtime docker not in [process]", Assert.Single(PlacementOf("agent").Rejections).Reason);
    }

    [Fact]
    public void Apply_CapacityTakenByOlderDeployment_NewerCannotPlaceWithWhatIsFree()
    {
        Join(Node("edge-1", memoryMi: 1024));

        _h.Fleet.Apply(Placed("web", memoryMi: 768));
        _h.Fleet.Apply(Placed("db", memoryMi: 512));

        Assert.Equal(["edge-1"], NodesRunning(_h, "web"));
        Assert.Empty(NodesRunning(_h, "db"));
        Assert.Equal(
            "cannot place: 1 node in the fleet; edge-1: needs 512Mi memory, 256Mi free (older deployments: web)",
            PlacementOf("db").Shortfall);
    }

    [Fact]
    public void Apply_CpuAboveWhatTheNodeHas_SaysWhatTheNodeHas()
    {
        Join(Node("small", cpuMillis: 1000));

        _h.Fleet.Apply(Placed("heavy", cpus: 1.5));

        Assert.Equal("cannot place: 1 node in the fleet; small: needs 1500m cpu, node has 1000m", PlacementOf("heavy").Shortfall);
    }

    [Fact]
    public void Apply_SpreadOnePerSite_ThirdCopyCannotPlaceBecauseOfTheCap()
    {
        Join(Node("a1"), Node("a2"), Node("b1", site: "b"));

        _h.Fleet.Apply(Placed("dns", new PlacementSpec { Count = 3, SpreadBy = "site", MaxPerSpreadValue = 1 }));

        Assert.Equal(["a1", "b1"], NodesRunning(_h, "dns"));
        Assert.Equal(
            "cannot place 1 of 3: 3 nodes in the fleet; a2: spread cap reached: site=a already has 1 (max 1)",
            PlacementOf("dns").Shortfall);
    }

    [Fact]
    public void Apply_SpreadWithoutCap_CopiesGoToDifferentSitesFirst()
    {
        Join(Node("a1", memoryMi: 4096), Node("a2", memoryMi: 4096), Node("b1", site: "b"), Node("c1", site: "c"));

        _h.Fleet.Apply(Placed("dns", new PlacementSpec { Count = 3, SpreadBy = "site" }));

        Assert.Equal(["a1", "b1", "c1"], NodesRunning(_h, "dns"));
    }

    [Fact]
    public void Report_NodeJoinsWithMoreRoom_RunningCopiesStay()
    {
        Join(Node("a1"));
        _h.Fleet.Apply(Placed("web", new PlacementSpec { Count = 1 }));
        var revision = _h.RevisionOf("a1");

        var update = _h.Fleet.Report(Node("a0", memoryMi: 8192));

        Assert.Empty(update.ToPublish);
        Assert.Equal(["a1"], NodesRunning(_h, "web"));
        Assert.Equal(revision, _h.RevisionOf("a1"));
        _h.Restart();
        _h.Fleet.Apply(Placed("other"));
        Assert.Equal(["a1"], NodesRunning(_h, "web")); // sticky across a restart too: read back from what was issued
    }

    [Fact]
    public void Report_ShortDeploymentAndANodeJoins_MissingCopyGoesThere()
    {
        Join(Node("a1"));
        _h.Fleet.Apply(Placed("web", new PlacementSpec { Count = 2 }));
        Assert.Equal("cannot place 1 of 2: 1 node in the fleet; it is used", PlacementOf("web").Shortfall);

        var update = _h.Fleet.Report(Node("a2"));

        Assert.Equal(["a2"], update.ToPublish.Select(s => s.NodeId));
        Assert.Equal(["a1", "a2"], NodesRunning(_h, "web"));
        Assert.Equal("", PlacementOf("web").Shortfall);
    }

    [Fact]
    public void Report_NodeShrinksBelowTheRequest_CopyMovesToANodeWithRoom()
    {
        Join(Node("a1"), Node("a2"));
        _h.Fleet.Apply(Placed("web", new PlacementSpec { Count = 1 }, memoryMi: 512));
        Assert.Equal(["a1"], NodesRunning(_h, "web"));

        var update = _h.Fleet.Report(Node("a1", memoryMi: 256));

        Assert.Equal(["a1", "a2"], update.ToPublish.Select(s => s.NodeId).Order());
        Assert.Equal(["a2"], NodesRunning(_h, "web"));
        Assert.Empty(_h.WorkloadsOf("a1"));
        Assert.Equal("needs 512Mi memory, node has 256Mi", Assert.Single(PlacementOf("web").Rejections).Reason);
    }

    [Fact]
    public void Apply_CountLowered_ExtraCopiesRemovedFromTheirNodes()
    {
        Join(Node("a1"), Node("a2"), Node("a3"));
        _h.Fleet.Apply(Placed("web"));
        Assert.Equal(["a1", "a2", "a3"], NodesRunning(_h, "web"));

        _h.Fleet.Apply(Placed("web", new PlacementSpec { Count = 1 }));

        Assert.Equal(["a1"], NodesRunning(_h, "web"));
        Assert.Empty(_h.WorkloadsOf("a2"));
    }

    [Fact]
    public void Apply_SameFleetReportedInAnotherOrder_SamePlacement()
    {
        var nodes = new[] { Node("a1"), Node("a2", memoryMi: 2048), Node("b1", site: "b"), Node("b2", site: "b", memoryMi: 512), Node("c1", site: "c") };
        var other = new FleetHarness();
        foreach (var node in nodes) _h.Fleet.Report(node);
        foreach (var node in nodes.Reverse()) other.Fleet.Report(node);

        var spec = Placed("dns", new PlacementSpec { Count = 4, SpreadBy = "site", MaxPerSpreadValue = 2 }, memoryMi: 256);
        _h.Fleet.Apply(spec);
        other.Fleet.Apply(spec);

        Assert.Equal(NodesRunning(_h, "dns"), NodesRunning(other, "dns"));
        Assert.Equal(4, NodesRunning(_h, "dns").Length);
    }

    [Fact]
    public void Deployment_NoPlacementAndNoNodeMatches_ViewSaysSo()
    {
        Join(Node("a1"));

        _h.Fleet.Apply(Placed("web", site: "x"));

        Assert.Equal("cannot place: no node matches selector site=x", PlacementOf("web").Shortfall);
    }

    [Fact]
    public void Apply_ShortThenRecomposedThenWhole_OneLogLinePerChange()
    {
        var logger = new ListLogger<FleetController>();
        var fleet = new FleetController(_h.Store, _h.Time, logger);
        fleet.Report(Node("a1"));

        fleet.Apply(Placed("web", new PlacementSpec { Count = 2 }));
        fleet.Apply(Placed("other"));
        fleet.Apply(Placed("third", memoryMi: 1));
        fleet.Report(Node("a2"));

        Assert.Equal(
            [("CannotPlace", "Deployment web: cannot place 1 of 2: 1 node in the fleet; it is used"),
             ("FullyPlaced", "Deployment web: placed on all 2 node(s) it wants")],
            logger.Lines);
    }

    [Fact]
    public void Apply_StoreRefuses_PlacementAndLogAsBefore()
    {
        var logger = new ListLogger<FleetController>();
        var fleet = new FleetController(_h.Store, _h.Time, logger);
        fleet.Report(Node("a1"));
        _h.Store.FailNextCommits = 1;

        Assert.ThrowsAny<Exception>(() => fleet.Apply(Placed("web", new PlacementSpec { Count = 2 })));

        Assert.Null(fleet.Deployment("web"));
        Assert.Empty(logger.Lines);
        fleet.Apply(Placed("web", new PlacementSpec { Count = 2 }));
        Assert.Single(logger.Lines);
    }
}
