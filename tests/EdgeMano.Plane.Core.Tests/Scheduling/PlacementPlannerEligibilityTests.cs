using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;
using static EdgeMano.Plane.Core.Tests.Scheduling.Fleets;

namespace EdgeMano.Plane.Core.Tests.Scheduling;

/// <summary>Who may take a deployment: selector, arch, runtime, capacity left by older deployments.</summary>
public sealed class PlacementPlannerEligibilityTests
{
    [Fact]
    public void Plan_DefaultSpec_EveryMatchingNodeLikeToday()
    {
        var plan = PlacementPlanner.Plan([Request("web", site: "a")], [Node("n1"), Node("n2", site: "b"), Node("n3")]);

        var web = Only(plan);
        Assert.Equal(["n1", "n3"], Nodes(web));
        Assert.Empty(web.Rejections); // not selected is not refused
        Assert.Equal("", web.Shortfall);
    }

    [Fact]
    public void Plan_ArchAndRuntimeFilters_RejectWithReason()
    {
        var spec = new PlacementSpec { Arch = Values("arm64"), Runtimes = Values("containerd", "process") };
        var nodes = new[] { Node("ok", runtime: "Containerd"), Node("x86", arch: "amd64"), Node("dock", runtime: "docker"), Node("bare", arch: "") };

        var web = Only(PlacementPlanner.Plan([Request("web", spec)], nodes));

        Assert.Equal(["ok"], Nodes(web));
        Assert.Equal(
            ["bare: arch (not reported) not in [arm64]", "dock: runtime docker not in [containerd, process]", "x86: arch amd64 not in [arm64]"],
            web.Rejections.Select(r => $"{r.Node}: {r.Reason}"));
        Assert.All(web.Rejections, r => Assert.Equal("web", r.Deployment));
    }

    [Fact]
    public void Plan_CapacityTakenByOlderDeployments_NewerRefusedWithOperatorText()
    {
        var nodes = new[] { Node("edge-1", arch: "amd64"), Node("edge-2", memoryMi: 1024) };
        var requests = new[]
        {
            Request("web", memoryMi: 512),
            Request("db", memoryMi: 384),
            Request("cam", new PlacementSpec { Count = 3, Arch = Values("arm64") }, site: "a", memoryMi: 512),
        };

        var plan = PlacementPlanner.Plan(requests, nodes);

        Assert.Equal(["edge-1", "edge-2"], Nodes(plan.For("db")!));
        var cam = plan.For("cam")!;
        Assert.Empty(cam.Nodes);
        Assert.Equal(
            "cannot place 3 of 3: 2 nodes match selector site=a; edge-1: arch amd64 not in [arm64]; "
            + "edge-2: needs 512Mi memory, 128Mi free (older deployments: web, db)",
            cam.Shortfall);
    }

    [Fact]
    public void Plan_NodeTooSmallOnItsOwn_SaysWhatTheNodeHas()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", memoryMi: 2048, cpuMillis: 8000)], [Node("pi", memoryMi: 512, cpuMillis: 4000)]));

        Assert.Equal("needs 2Gi memory, node has 512Mi, and 8000m cpu, node has 4000m", Assert.Single(web.Rejections).Reason);
        Assert.Equal("cannot place: 1 node in the fleet; pi: needs 2Gi memory, node has 512Mi, and 8000m cpu, node has 4000m", web.Shortfall);
    }

    [Fact]
    public void Plan_CapacityIsChargedInRequestOrder_OlderKeepsTheNode()
    {
        var nodes = new[] { Node("n1", memoryMi: 1000) };
        // "old" is listed first, so it is older even though "young" runs there now.
        var plan = PlacementPlanner.Plan([Request("old", memoryMi: 600), Request("young", memoryMi: 600, current: "n1")], nodes);

        Assert.Equal(["n1"], Nodes(plan.For("old")!));
        Assert.Empty(plan.For("young")!.Nodes);
        Assert.Contains("(older deployments: old)", plan.For("young")!.Rejections[0].Reason);
    }

    [Fact]
    public void Plan_NodeReportingNoCapacity_PlacedUncheckedWithNote()
    {
        var nodes = new[] { Node("known", memoryMi: 256), Node("mystery", memoryMi: 0, cpuMillis: 0) };

        var web = Only(PlacementPlanner.Plan([Request("web", memoryMi: 512, cpuMillis: 100)], nodes));

        Assert.Equal(["mystery"], Nodes(web));
        Assert.Equal(
            ["memory not checked on 1 node that reports no memory capacity: mystery", "cpu not checked on 1 node that reports no cpu capacity: mystery"],
            web.Notes);
    }

    [Fact]
    public void Plan_NoResourcesAsked_NeverRefusedForCapacityAndNoNote()
    {
        var web = Only(PlacementPlanner.Plan([Request("web")], [Node("full", memoryMi: 1), Node("mystery", memoryMi: 0)]));

        Assert.Equal(["full", "mystery"], Nodes(web));
        Assert.Empty(web.Notes);
    }

    [Fact]
    public void Plan_CurrentNodeNoLongerEligible_DroppedAndRefused()
    {
        var nodes = new[] { Node("n1", arch: "amd64"), Node("n2") };

        var web = Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 1, Arch = Values("arm64") }, current: "n1")], nodes));

        Assert.Equal(["n2"], Nodes(web));
        Assert.Equal("n1", Assert.Single(web.Rejections).Node);
    }

    [Fact]
    public void Plan_NothingMatches_ShortfallNamesSelector()
    {
        var plan = PlacementPlanner.Plan([Request("web", site: "z"), Request("db", new PlacementSpec { Count = 2 })], []);

        Assert.Equal("cannot place: no node matches selector site=z", plan.For("web")!.Shortfall);
        Assert.Equal("cannot place 2 of 2: the fleet has no nodes", plan.For("db")!.Shortfall);
    }

    [Fact]
    public void Plan_CountLargerThanEligible_SaysAllAreUsed()
    {
        var web = Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 3 }, site: "a")], [Node("n1"), Node("n2")]));

        Assert.Equal(["n1", "n2"], Nodes(web));
        Assert.Equal("cannot place 1 of 3: 2 nodes match selector site=a; all 2 are used", web.Shortfall);
    }

    [Fact]
    public void Plan_ManyRejections_ShortfallListsFiveAndCountsTheRest()
    {
        var nodes = Enumerable.Range(1, 8).Select(i => Node($"n{i}", arch: "amd64")).ToArray();

        var web = Only(PlacementPlanner.Plan([Request("web", new PlacementSpec { Count = 1, Arch = Values("arm64") })], nodes));

        Assert.Equal(8, web.Rejections.Count);
        Assert.EndsWith("n5: arch amd64 not in [arm64]; and 3 more", web.Shortfall);
    }

    [Fact]
    public void ResourceRequest_Of_SumsLimitsInMillicores()
    {
        var workloads = new[] { 0.1, 0.2, 0 }.Select((cpus, i) => new WorkloadSpec
        {
            Name = $"w{i}",
            Kind = WorkloadKind.Container,
            Resources = new ResourceLimits { Cpus = cpus, MemoryBytes = 64 * Mi },
        });

        Assert.Equal(new ResourceRequest(300, 192 * Mi), ResourceRequest.Of(workloads));
    }

    [Theory]
    [InlineData(-1, "", 0, "count must be 0")]
    [InlineData(1, "", -1, "maxPerSpreadValue must be 0")]
    [InlineData(1, "", 2, "maxPerSpreadValue needs spreadBy")]
    [InlineData(3, "site", 1, null)]
    public void Validate_BadValues_NameTheField(int count, string spreadBy, int cap, string? expected)
    {
        var error = new PlacementSpec { Count = count, SpreadBy = spreadBy, MaxPerSpreadValue = cap }.Validate();

        if (expected is null) Assert.Null(error);
        else Assert.StartsWith(expected, error);
    }
}
