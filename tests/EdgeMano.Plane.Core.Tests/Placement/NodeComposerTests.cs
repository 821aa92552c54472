using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Plane.Core.Placement;
using static EdgeMano.Plane.Core.Tests.Fakes.PlaneSpecs;

namespace EdgeMano.Plane.Core.Tests.Placement;

public sealed class NodeComposerTests
{
    private static readonly ValueMap PlantA = Labels(("site", "plant-a"), ("tier", "edge"));

    [Fact]
    public void Compose_EmptySelector_PlacesOnEveryNode()
    {
        var everywhere = Stored(Deployment("all", null, Container("agent-sidecar")), 1);

        foreach (var node in new[] { Node("bare"), Node("labelled", PlantA) })
        {
            var composition = NodeComposer.Compose(node, [everywhere]);

            Assert.Equal(["agent-sidecar"], Names(composition.Workloads));
            Assert.Equal(["all"], composition.Placed);
            Assert.Empty(composition.Unplaced);
        }
    }

    [Theory]
    [InlineData("site", "plant-a", true)]
    [InlineData("site", "plant-b", false)]
    [InlineData("region", "eu", false)]
    public void Compose_Selector_PlacesOnlyWhenEveryPairMatches(string key, string value, bool placed)
    {
        var deployment = Stored(Deployment("web", Labels(("tier", "edge"), (key, value)), Container("web")), 1);

        var composition = NodeComposer.Compose(Node("n1", PlantA), [deployment]);

        Assert.Equal(placed ? ["web"] : [], Names(composition.Workloads));
        Assert.Equal(placed ? ["web"] : [], composition.Placed);
        Assert.Empty(composition.Unplaced); // not selected is not "unplaced"
    }

    [Fact]
    public void Compose_SelectorValueCase_IsExact()
    {
        var deployment = Stored(Deployment("web", Labels(("site", "Plant-A")), Container("web")), 1);

        Assert.Empty(NodeComposer.Compose(Node("n1", PlantA), [deployment]).Workloads);
    }

    [Fact]
    public void Compose_SeveralDeployments_UnionSortedByWorkloadName()
    {
        var first = Stored(Deployment("zeta", null, Container("web"), Container("cache")), 1);
        var second = Stored(Deployment("alpha", PlantA, Container("api"), Container("db")), 2);

        var composition = NodeComposer.Compose(Node("n1", PlantA), [first, second]);

        Assert.Equal(["api", "cache", "db", "web"], Names(composition.Workloads));
        Assert.Equal(["zeta", "alpha"], composition.Placed);
    }

    [Fact]
    public void Compose_WorkloadNameClash_OlderKeepsNodeNewerUnplacedWhole()
    {
        var older = Stored(Deployment("older", null, Container("web", "local/old:1")), 1);
        var newer = Stored(Deployment("newer", null, Container("api"), Container("web", "local/new:1")), 2);

        var composition = NodeComposer.Compose(Node("n1"), [older, newer]);

        var web = Assert.Single(composition.Workloads);
        Assert.Equal("local/old:1", web.Image);
        Assert.Equal(["older"], composition.Placed);
        Assert.Equal(new Unplaced("newer", "n1", "workload name 'web' is used there by deployment 'older'"), Assert.Single(composition.Unplaced));
    }

    [Fact]
    public void Compose_HostPortClash_OlderKeepsNodeNewerUnplaced()
    {
        var older = Stored(Deployment("older", null, Container("web", "local/a:1", 18080)), 1);
        var newer = Stored(Deployment("newer", null, Container("api", "local/a:1", 18080)), 2);

        var composition = NodeComposer.Compose(Node("n1"), [older, newer]);

        Assert.Equal(["web"], Names(composition.Workloads));
        Assert.Equal(new Unplaced("newer", "n1", "host port 18080/tcp is published there by deployment 'older'"), Assert.Single(composition.Unplaced));
    }

    [Fact]
    public void Compose_HostPortZero_ClashesOnTheContainerPort()
    {
        var older = Stored(Deployment("older", null, Container("web", "local/a:1", 80)), 1);
        var newer = Stored(Deployment("newer", null, Container("api") with { Ports = new([new PortMapping { ContainerPort = 80 }]) }), 2);

        var composition = NodeComposer.Compose(Node("n1"), [older, newer]);

        Assert.Equal("host port 80/tcp is published there by deployment 'older'", Assert.Single(composition.Unplaced).Reason);
    }

    [Fact]
    public void Compose_SamePortOtherProtocol_PlacesBoth()
    {
        var tcp = Stored(Deployment("tcp", null, Container("web", "local/a:1", 5353)), 1);
        var udp = Stored(Deployment("udp", null, Container("dns") with
        {
            Ports = new([new PortMapping { ContainerPort = 53, HostPort = 5353, Protocol = "udp" }]),
        }), 2);

        var composition = NodeComposer.Compose(Node("n1"), [tcp, udp]);

        Assert.Equal(["dns", "web"], Names(composition.Workloads));
        Assert.Empty(composition.Unplaced);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("", "10.0.0.2", true)]
    [InlineData("10.0.0.1", "0.0.0.0", true)]
    public void Compose_SamePortOnHostAddresses_ClashesAsTheAgentJudges(string olderIp, string newerIp, bool clash)
    {
        var older = Stored(Deployment("older", null, Bound("web", olderIp)), 1);
        var newer = Stored(Deployment("newer", null, Bound("api", newerIp)), 2);

        var composition = NodeComposer.Compose(Node("n1"), [older, newer]);

        Assert.Equal(clash, composition.Unplaced.Count == 1);
        var state = new DesiredState { NodeId = "n1", Revision = 1, Workloads = composition.Workloads };
        Assert.Empty(DesiredStateValidator.Validate(state));

        static WorkloadSpec Bound(string name, string ip) =>
            Container(name) with { Ports = new([new PortMapping { ContainerPort = 80, HostPort = 8080, HostIp = ip }]) };
    }

    [Fact]
    public void Compose_Workloads_CarryTheDeploymentLabelAndKeepTheirOwn()
    {
        var own = Container("web") with { Labels = Labels(("team", "ops"), (NodeComposer.DeploymentLabel, "forged")) };
        var deployment = Stored(Deployment("web-app", null, own, Container("api")), 1);

        var composition = NodeComposer.Compose(Node("n1"), [deployment]);

        Assert.All(composition.Workloads, w => Assert.Equal("web-app", w.Labels[NodeComposer.DeploymentLabel]));
        Assert.Equal("ops", composition.Workloads.Single(w => w.Name == "web").Labels["team"]);
        Assert.Equal(2, composition.Workloads.Single(w => w.Name == "web").Labels.Count);
    }

    [Fact]
    public void Compose_NoDeploymentSelectsTheNode_IsEmpty()
    {
        var deployment = Stored(Deployment("web", Labels(("site", "elsewhere")), Container("web")), 1);

        var composition = NodeComposer.Compose(Node("n1", PlantA), [deployment]);

        Assert.Equal(NodeComposition.Empty.Workloads, composition.Workloads);
        Assert.Empty(composition.Placed);
        Assert.Empty(composition.Unplaced);
    }

    [Fact]
    public void Compose_RandomDeployments_AlwaysAListTheAgentAccepts()
    {
        var random = new Random(20301);
        for (var round = 0; round < 500; round++)
        {
            var deployments = Enumerable.Range(0, random.Next(1, 6)).Select(i =>
            {
                // Each deployment is valid on its own: distinct names and ports inside it.
                var names = Enumerable.Range(0, 6).Select(n => $"w{n}").OrderBy(_ => random.Next()).Take(random.Next(1, 4));
                var ports = new Queue<int>(Enumerable.Range(8000, 6).OrderBy(_ => random.Next()));
                var workloads = names.Select(n => random.Next(2) == 0 ? Container(n) : Container(n, "local/a:1", ports.Dequeue()));
                var selector = random.Next(3) == 0 ? Labels(("site", random.Next(2) == 0 ? "a" : "b")) : null;
                return Stored(Deployment($"d{i}", selector, [.. workloads]), i + 1);
            }).ToList();

            var composition = NodeComposer.Compose(Node("n1", Labels(("site", "a"))), deployments);

            var state = new DesiredState { NodeId = "n1", Revision = 1, Workloads = composition.Workloads };
            Assert.Empty(DesiredStateValidator.Validate(state));
            Assert.Equal(composition.Workloads.Select(w => w.Name).Order(StringComparer.Ordinal), Names(composition.Workloads));
            var selected = deployments.Count(d => d.Spec.Selector.Count == 0 || d.Spec.Selector["site"] == "a");
            Assert.Equal(selected, composition.Placed.Count + composition.Unplaced.Count);
            Assert.Equal(deployments[0].Spec.Selector.Count == 0 || deployments[0].Spec.Selector["site"] == "a",
                composition.Placed.Contains("d0")); // the oldest selected deployment is never refused
        }
    }
}
