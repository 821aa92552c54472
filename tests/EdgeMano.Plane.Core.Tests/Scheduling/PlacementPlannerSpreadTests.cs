using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;
using static EdgeMano.Plane.Core.Tests.Scheduling.Fleets;

namespace EdgeMano.Plane.Core.Tests.Scheduling;

/// <summary>Count, spreading, caps, stickiness and the preference for online nodes.</summary>
public sealed class PlacementPlannerSpreadTests
{
    private static readonly NodeRecord[] ThreeSites =
    [
        Node("a1", site: "a"), Node("a2", site: "a"), Node("a3", site: "a"),
        Node("b1", site: "b"), Node("b2", site: "b"),
        Node("c1", site: "c"),
    ];

    [Fact]
    public void Plan_CountWithSpread_OnePerSiteBeforeASecond()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(4))], ThreeSites));

        Assert.Equal(["a1", "a2", "b1", "c1"], Nodes(web));
    }

    [Fact]
    public void Plan_TiesInSpread_MostFreeMemoryThenNodeId()
    {
        var nodes = new[] { Node("n1", memoryMi: 512), Node("n2", memoryMi: 2048), Node("n3", memoryMi: 2048), Node("n4", memoryMi: 0) };

        var web = Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 2 })], nodes));

        Assert.Equal(["n2", "n3"], Nodes(web));
        // Unknown capacity ranks after any known room.
        Assert.Equal(["n1", "n2", "n3"], Nodes(Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 3 })], nodes))));
    }

    [Fact]
    public void Plan_NodeJoins_RunningCopiesStay()
    {
        var before = Only(PlacementPlanner.Plan([Request("web", Spread(2))], ThreeSites));
        var joined = ThreeSites.Append(Node("d1", site: "d", memoryMi: 64_000)).ToArray();

        var after = Only(PlacementPlanner.Plan([Request("web", Spread(2), current: Nodes(before))], joined));

        Assert.Equal(Nodes(before), Nodes(after));
    }

    [Fact]
    public void Plan_CountGrows_KeepsCurrentAndSpreadsTheNewOnes()
    {
        // Both current copies are on site a; the new ones go to the empty sites first.
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(4), current: ["a2", "a3"])], ThreeSites));

        Assert.Equal(["a2", "a3", "b1", "c1"], Nodes(web));
    }

    [Fact]
    public void Plan_CountShrinks_DropsFromMostCrowdedSiteFirst()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(3), current: ["a1", "a2", "a3", "b1", "c1"])], ThreeSites));

        Assert.Equal(["a1", "b1", "c1"], Nodes(web));
        Assert.Empty(web.Rejections); // dropped for the count, not refused
    }

    [Fact]
    public void Plan_CountShrinks_DropsOfflineBeforeOnline()
    {
        var nodes = new[] { Node("n1", presence: Presence.Offline), Node("n2"), Node("n3") };

        var web = Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 2 }, current: ["n1", "n2", "n3"])], nodes));

        Assert.Equal(["n2", "n3"], Nodes(web));
    }

    [Fact]
    public void Plan_MaxPerSpreadValue_CapsAndExplainsTheShortfall()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(5, cap: 1))], ThreeSites));

        Assert.Equal(["a1", "b1", "c1"], Nodes(web));
        Assert.StartsWith("cannot place 2 of 5: 6 nodes in the fleet; a2: spread cap reached: site=a already has 1 (max 1)", web.Shortfall);
        Assert.Equal(["a2", "a3", "b2"], web.Rejections.Select(r => r.Node).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_CapWithCountZero_EveryNodeUpToTheCap()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(0, cap: 2))], ThreeSites));

        Assert.Equal(["a1", "a2", "b1", "b2", "c1"], Nodes(web));
        Assert.Equal("a3", Assert.Single(web.Rejections).Node);
        Assert.Equal("", web.Shortfall);
    }

    [Fact]
    public void Plan_CapLowered_DropsExtraCurrentCopies()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(3, cap: 1), current: ["a1", "a2", "a3"])], ThreeSites));

        Assert.Equal(["a1", "b1", "c1"], Nodes(web));
        Assert.Equal(["a2", "a3"], web.Rejections.Select(r => r.Node));
    }

    [Fact]
    public void Plan_SpreadLabelMissing_NodeRefused()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", Spread(2))], [Node("lost", site: ""), Node("a1")]));

        Assert.Equal(["a1"], Nodes(web));
        Assert.Equal("has no label 'site' to spread by", Assert.Single(web.Rejections).Reason);
    }

    [Fact]
    public void Plan_NewPicks_PreferOnlineEvenOverEvenSpread()
    {
        var nodes = new[] { Node("a1", site: "a"), Node("a2", site: "a"), Node("b1", site: "b", presence: Presence.Offline) };

        var web = Only(PlacementPlanner.Plan([Request("web", Spread(2))], nodes));

        Assert.Equal(["a1", "a2"], Nodes(web));
        // With no online node left the offline one is still eligible: an edge node comes back.
        Assert.Equal(["a1", "a2", "b1"], Nodes(Only(PlacementPlanner.Plan([Request("web", Spread(3))], nodes))));
    }

    [Fact]
    public void Plan_OfflineCurrentNode_KeepsItsCopy()
    {
        var nodes = new[] { Node("n1", presence: Presence.Offline), Node("n2") };

        var web = Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 1 }, current: "n1")], nodes));

        Assert.Equal(["n1"], Nodes(web));
    }

    [Fact]
    public void DeploymentsByNode_ListsOldestFirst()
    {
        var plan = PlacementPlanner.Plan([Request("old"), Request("new", new PlacementSpec { Count = 1 })], [Node("n1"), Node("n2")]);

        var byNode = plan.DeploymentsByNode();

        Assert.Equal(["old", "new"], byNode["n1"]);
        Assert.Equal(["old"], byNode["n2"]);
    }
}
