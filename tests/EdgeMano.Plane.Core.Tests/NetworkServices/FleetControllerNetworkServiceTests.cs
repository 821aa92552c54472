using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Tests.Fakes;

namespace EdgeMano.Plane.Core.Tests.NetworkServices;

public sealed class FleetControllerNetworkServiceTests
{
    private static NsInstantiateRequest Request(string name = "ns1", string nsd = "web@1.0.0", string? node = null) => new()
    {
        Name = name, Nsd = new PackageRef(nsd.Split('@')[0], nsd.Split('@')[1]),
        Selector = node is null ? PlaneSpecs.Labels(("site", "a")) : ValueMap.Empty, Node = node,
    };

    private static FleetHarness Harness()
    {
        var harness = new FleetHarness();
        harness.Fleet.Report(PlaneSpecs.Report("n1", PlaneSpecs.Labels(("site", "a"))));
        harness.Fleet.Report(PlaneSpecs.Report("n2", PlaneSpecs.Labels(("site", "b"))));
        NsFixtures.OnboardAll(harness.Fleet);
        return harness;
    }

    [Fact]
    public void Instantiate_GoodNsd_DeploymentsAndInstanceStoredInOneCommitAndNodeGetsNetworks()
    {
        var harness = Harness();
        var commits = harness.Store.Commits.Count;

        var update = harness.Fleet.InstantiateNetworkService(Request());

        Assert.Equal(NsOutcome.Created, update.Result.Outcome);
        Assert.Equal(commits + 1, harness.Store.Commits.Count);
        var commit = harness.Store.Commits[^1];
        Assert.Equal(["ns1--server", "ns1--client", "ns1--outsider"], commit.UpsertDeployments.Select(d => d.Name));
        Assert.Equal("ns1", Assert.Single(commit.UpsertNetworkServices).Name);
        var state = Assert.Single(update.ToPublish);
        Assert.Equal("n1", state.NodeId);
        Assert.Contains(state.Workloads, w => w.Name == "ns1-server-httpd" && w.Networks.Single().Aliases.Contains("server.ns1"));
        Assert.All(update.Result.View!.Cnfs, c => Assert.Equal(["n1"], c.Deployment!.Nodes));
    }

    [Fact]
    public void Instantiate_SameRequestAgain_UnchangedOtherNsdConflict()
    {
        var harness = Harness();
        harness.Fleet.InstantiateNetworkService(Request());

        var again = harness.Fleet.InstantiateNetworkService(Request());
        var other = harness.Fleet.InstantiateNetworkService(Request() with { Selector = PlaneSpecs.Labels(("site", "b")) });

        Assert.Equal((NsOutcome.Unchanged, 0), (again.Result.Outcome, again.ToPublish.Count));
        Assert.Equal(NsOutcome.Conflict, other.Result.Outcome);
        Assert.Contains("exists already", other.Result.Message);
    }

    [Fact]
    public void Instantiate_UnknownNsdOrCnfPackage_RefusedNamingItAndNothingStored()
    {
        var harness = Harness();
        var commits = harness.Store.Commits.Count;

        var unknown = harness.Fleet.InstantiateNetworkService(Request(nsd: "nope@1.0.0"));
        var notAnNsd = harness.Fleet.InstantiateNetworkService(Request(nsd: "srv@1.0.0"));

        Assert.Equal(NsOutcome.Refused, unknown.Result.Outcome);
        Assert.Equal(("nsd", "network service descriptor nope 1.0.0 is not onboarded: onboard it first (POST /api/v1/packages, or edgemano packages onboard PATH)"),
            (unknown.Result.Errors[0].Path, unknown.Result.Errors[0].Message));
        Assert.Contains("is a CNF package, not a network service descriptor", notAnNsd.Result.Errors[0].Message);
        Assert.Equal(commits, harness.Store.Commits.Count);
        Assert.Empty(harness.Fleet.NetworkServices());
        Assert.Empty(harness.Fleet.Deployments());
    }

    [Fact]
    public void Onboard_NsdWhosePackageWasNeverOnboarded_RefusedAtThePackageLineAndNotStored()
    {
        var harness = new FleetHarness();
        NsFixtures.OnboardAll(harness.Fleet, NsFixtures.Server);

        var result = harness.Fleet.Onboard("web-ns.yaml", System.Text.Encoding.UTF8.GetBytes(NsFixtures.Nsd));

        Assert.Equal(OnboardOutcome.Refused, result.Outcome);
        Assert.Equal([(6, "cnfs[1].package"), (7, "cnfs[2].package")], result.Errors.Select(e => (e.Line, e.Path)));
        Assert.Contains("package probe 1.0.0, which is not onboarded", result.Errors[0].Message);
        Assert.Null(harness.Fleet.Package("web", "1.0.0"));
        Assert.DoesNotContain(harness.Store.Commits, c => c.UpsertPackages.Any(p => p.Name == "web"));
    }

    [Fact]
    public void DeletePackage_NsdWithAnInstance_InUseNamingTheInstance()
    {
        var harness = Harness();
        harness.Fleet.InstantiateNetworkService(Request());

        var (outcome, users) = harness.Fleet.DeletePackage("web", "1.0.0");

        Assert.Equal(EdgeMano.Plane.Core.Fleet.FleetController.PackageDeleteOutcome.InUse, outcome);
        Assert.Equal(["ns-instance ns1"], users);
        Assert.NotNull(harness.Fleet.Package("web", "1.0.0"));
    }

    [Fact]
    public void ResolvePackage_DeploymentNamingAnNsd_ErrorPointsToNsInstances()
    {
        var harness = Harness();

        var (spec, error) = harness.Fleet.ResolvePackage(
            new EdgeMano.Plane.Core.Deployments.DeploymentSpec { Name = "d", Package = new PackageRef("web", "1.0.0") }, "d.yaml");

        Assert.Null(spec);
        Assert.Contains("network service descriptor", error!.Message);
        Assert.Contains("/api/v1/ns_instances", error.Message);
    }

    [Fact]
    public void Instantiate_ByNodeId_SelectsThatNodesLabelsOrRefusesWhenTheyAreNotUnique()
    {
        var harness = Harness();
        harness.Fleet.Report(PlaneSpecs.Report("n3", PlaneSpecs.Labels(("site", "b"))));

        var ok = harness.Fleet.InstantiateNetworkService(Request(node: "n1"));
        var shared = harness.Fleet.InstantiateNetworkService(Request(name: "ns2", node: "n2"));
        var unknown = harness.Fleet.InstantiateNetworkService(Request(name: "ns3", node: "n9"));

        Assert.Equal(NsOutcome.Created, ok.Result.Outcome);
        Assert.Equal(("n1", "a"), (ok.Result.View!.Instance.Node, ok.Result.View.Instance.Selector["site"]));
        Assert.Contains("node 'n2' cannot be selected alone: its labels site=b also match node(s) n3", shared.Result.Errors.Single().Message);
        Assert.Contains("node 'n9' is not known", unknown.Result.Errors.Single().Message);
    }

    [Fact]
    public void Terminate_Instance_DeploymentsAndRecordGoTogetherAndNodeIsEmptied()
    {
        var harness = Harness();
        harness.Fleet.InstantiateNetworkService(Request());

        var update = harness.Fleet.TerminateNetworkService("ns1");

        Assert.True(update.Result);
        Assert.Empty(harness.Fleet.Deployments());
        Assert.Empty(Assert.Single(update.ToPublish).Workloads);
        Assert.Equal(["ns1"], harness.Store.Commits[^1].DeleteNetworkServices);
        Assert.False(harness.Fleet.TerminateNetworkService("ns1").Result);
    }

    [Fact]
    public void Terminate_DeploymentMidRollout_TakesTheRolloutAlong()
    {
        var harness = Harness();
        harness.Fleet.InstantiateNetworkService(Request());
        var server = harness.Fleet.Deployment("ns1--server")!.Deployment.Spec;
        var changed = server with
        {
            Rollout = new EdgeMano.Plane.Core.Rollouts.RolloutSpec(),
            Workloads = new(server.Workloads.Select(w => w with { Image = w.Image + "-next" })),
        };
        Assert.Equal(ApplyOutcome.Updated, harness.Fleet.Apply(changed).Result.Outcome);
        Assert.NotNull(harness.Fleet.RolloutOf("ns1--server"));

        Assert.True(harness.Fleet.TerminateNetworkService("ns1").Result);

        Assert.Null(harness.Fleet.RolloutOf("ns1--server"));
        Assert.Empty(harness.Fleet.AdvanceRollouts().ToPublish);
        Assert.Empty(harness.Store.StoredRollouts);
    }

    [Fact]
    public void Restart_InstanceKept_AndTerminateStillRemovesItsDeployments()
    {
        var harness = Harness();
        harness.Fleet.InstantiateNetworkService(Request());

        var fleet = harness.Restart();

        var view = Assert.Single(fleet.NetworkServices());
        Assert.Equal(["ns1--server", "ns1--client", "ns1--outsider"], view.Cnfs.Select(c => c.Deployment!.Deployment.Name));
        Assert.True(fleet.TerminateNetworkService("ns1").Result);
        Assert.Empty(fleet.Deployments());
    }

    [Fact]
    public void Instantiate_StoreFails_NothingKeptAndRetrySucceeds()
    {
        var harness = Harness();
        harness.Store.FailNextCommits = 1;

        Assert.Throws<IOException>(() => harness.Fleet.InstantiateNetworkService(Request()));

        Assert.Empty(harness.Fleet.NetworkServices());
        Assert.Empty(harness.Fleet.Deployments());
        Assert.Equal(NsOutcome.Created, harness.Fleet.InstantiateNetworkService(Request()).Result.Outcome);
    }
}
