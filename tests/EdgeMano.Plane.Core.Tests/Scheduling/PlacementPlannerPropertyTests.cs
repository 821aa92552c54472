using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;
using static EdgeMano.Plane.Core.Tests.Scheduling.Fleets;

namespace EdgeMano.Plane.Core.Tests.Scheduling;

/// <summary>
/// Random fleets and requests: every chosen node is eligible, no node is over-committed, counts
/// and caps hold, the plan does not depend on node order, and a node joining never moves a copy.
/// </summary>
public sealed class PlacementPlannerPropertyTests
{
    private static readonly string[] Sites = ["a", "b", "c", ""];
    private static readonly string[] Archs = ["arm64", "amd64"];
    private static readonly string[] Runtimes = ["docker", "process"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Plan_RandomFleets_InvariantsHold(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var nodes = Enumerable.Range(0, random.Next(0, 25)).Select(i => RandomNode(random, $"n{i:D2}")).ToList();
            var requests = Enumerable.Range(0, random.Next(1, 6)).Select(i => RandomRequest(random, $"d{i}", nodes)).ToList();
            var where = $"seed {seed}, round {round}";

            var plan = PlacementPlanner.Plan(requests, nodes);

            AssertEligibleAndWithinLimits(plan, requests, nodes, where);
            var shuffled = nodes.OrderBy(_ => random.Next()).ToList();
            Assert.True(plan.Equals(PlacementPlanner.Plan(requests, shuffled)), $"{where}: plan depends on node order");

            // Fed back as the current placement, a plan is its own answer; and a node joining moves nothing.
            var settled = requests.Select(r => r with { CurrentNodes = plan.For(r.Deployment)!.Nodes }).ToList();
            var again = PlacementPlanner.Plan(settled, nodes);
            for (var i = 0; i < plan.Deployments.Count; i++)
                Assert.True(plan.Deployments[i].Nodes.Equals(again.Deployments[i].Nodes), $"{where}: a settled plan changed: {Show(plan.Deployments[i])} -> {Show(again.Deployments[i])}");
            var joined = PlacementPlanner.Plan(settled, nodes.Append(RandomNode(random, "zz-new")).ToList());
            foreach (var placement in plan.Deployments)
                Assert.Empty(placement.Nodes.Except(joined.For(placement.Deployment)!.Nodes));
        }
    }

    private static void AssertEligibleAndWithinLimits(PlacementPlan plan, List<PlacementRequest> requests, List<NodeRecord> nodes, string where)
    {
        var byId = nodes.ToDictionary(n => n.Id);
        var memory = nodes.ToDictionary(n => n.Id, _ => 0L);
        var cpu = nodes.ToDictionary(n => n.Id, _ => 0L);
        foreach (var request in requests)
        {
            var placement = plan.For(request.Deployment)!;
            var spec = request.Placement;
            if (spec.Count > 0) Assert.True(placement.Nodes.Count <= spec.Count, $"{where}: {request.Deployment} over count");
            foreach (var id in placement.Nodes)
            {
                var identity = byId[id].Identity;
                Assert.True(LabelSelector.Matches(request.Selector, identity.Labels), $"{where}: {id} does not match");
                Assert.True(spec.Arch.Count == 0 || spec.Arch.Contains(identity.Arch), $"{where}: {id} arch");
                Assert.True(spec.Runtimes.Count == 0 || spec.Runtimes.Contains(identity.Runtime), $"{where}: {id} runtime");
                memory[id] += request.Resources.MemoryBytes;
                cpu[id] += request.Resources.CpuMillis;
                Assert.True(identity.MemoryBytes == 0 || memory[id] <= identity.MemoryBytes, $"{where}: {id} memory over-committed");
                Assert.True(identity.CpuMillis == 0 || cpu[id] <= identity.CpuMillis, $"{where}: {id} cpu over-committed");
            }
            if (spec.MaxPerSpreadValue > 0)
            {
                var perValue = placement.Nodes.GroupBy(id => byId[id].Identity.Labels[spec.SpreadBy]);
                Assert.All(perValue, g => Assert.True(g.Count() <= spec.MaxPerSpreadValue, $"{where}: cap broken"));
            }
            var refused = placement.Rejections.Select(r => r.Node).ToHashSet();
            Assert.Empty(refused.Intersect(placement.Nodes));
            if (spec.Count > 0 && placement.Nodes.Count < spec.Count) Assert.StartsWith("cannot place", placement.Shortfall);
        }
    }

    private static string Show(DeploymentPlacement p) =>
        $"{p.Deployment} [{string.Join(",", p.Nodes)}] '{p.Shortfall}' rejections [{string.Join("; ", p.Rejections.Select(r => r.Node + ": " + r.Reason))}] notes [{string.Join("; ", p.Notes)}]";

    private static NodeRecord RandomNode(Random random, string id) => Node(
        id,
        site: Sites[random.Next(Sites.Length)],
        arch: Archs[random.Next(Archs.Length)],
        runtime: Runtimes[random.Next(Runtimes.Length)],
        memoryMi: random.Next(4) == 0 ? 0 : random.Next(1, 9) * 256,
        cpuMillis: random.Next(4) == 0 ? 0 : random.Next(1, 5) * 1000,
        presence: random.Next(4) == 0 ? Presence.Offline : Presence.Online);

    private static PlacementRequest RandomRequest(Random random, string name, List<NodeRecord> nodes)
    {
        var spec = new PlacementSpec
        {
            Arch = random.Next(3) == 0 ? Values(Archs[random.Next(Archs.Length)]) : ValueList<string>.Empty,
            Runtimes = random.Next(4) == 0 ? Values(Runtimes[random.Next(Runtimes.Length)]) : ValueList<string>.Empty,
            Count = random.Next(3) == 0 ? 0 : random.Next(1, 8),
            SpreadBy = random.Next(2) == 0 ? "site" : "",
        };
        if (spec.SpreadBy.Length > 0 && random.Next(2) == 0) spec = spec with { MaxPerSpreadValue = random.Next(1, 4) };
        var current = nodes.Where(_ => random.Next(4) == 0).Select(n => n.Id).ToArray();
        return Request(name, spec, site: random.Next(4) == 0 ? "a" : "", memoryMi: random.Next(3) * 256, cpuMillis: random.Next(3) * 500, current: current);
    }
}
