using System.Text;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Packages;

namespace EdgeMano.Plane.Core.Tests.NetworkServices;

public sealed class NsExpansionTests
{
    private static CnfPackage Read(string yaml) => PackageReader.Read(PackageInput.FromFile("p.yaml", Encoding.UTF8.GetBytes(yaml))).Package!;

    private static NsPlan Expand(string instance = "ns1")
    {
        var server = Read(NsFixtures.Server);
        var probe = Read(NsFixtures.Probe);
        var packages = new Dictionary<string, (PackageRef, CnfPackage)>
        {
            ["server"] = (new PackageRef("srv", "1.0.0"), server),
            ["client"] = (new PackageRef("probe", "1.0.0"), probe),
            ["outsider"] = (new PackageRef("probe", "1.0.0"), probe),
        };
        return NsExpansion.Expand(instance, Read(NsFixtures.Nsd).NetworkService!, new ValueMap([new("site", "a")]), packages);
    }

    [Fact]
    public void Expand_ThreeCnfsTwoLinks_OneDeploymentPerCnfWithNetworksAliasesAndHosts()
    {
        var plan = Expand();

        Assert.Empty(plan.Errors);
        Assert.Equal(["ns1--server", "ns1--client", "ns1--outsider"], plan.Deployments.Select(d => d.Name));
        Assert.All(plan.Deployments, d => Assert.Equal("a", d.Selector["site"]));
        Assert.Equal(new PackageRef("probe", "1.0.0"), plan.Deployments[1].Package);
        Assert.Equal([("data", "ns1-data"), ("mgmt", "ns1-mgmt")], plan.Links.Select(l => (l.Name, l.Network)));

        var server = plan.Deployments[0].Workloads.Single();
        Assert.Equal("ns1-server-httpd", server.Name);
        var attachment = Assert.Single(server.Networks);
        Assert.Equal("ns1-data", attachment.Name);
        Assert.Equal(["server.ns1", "server"], attachment.Aliases);
        Assert.Equal(("ns1", "server", "srv"), (server.Labels[NsExpansion.InstanceLabel], server.Labels[NsExpansion.CnfLabel], server.Labels[FleetController.PackageLabel]));
        // radio is on link data with the server; clock is on no link, so every CNF sees it.
        Assert.Equal(["clock", "clock.ns1", "radio", "radio.ns1"], server.Hosts.Keys.Order());

        var client = plan.Deployments[1].Workloads;
        Assert.Equal(["ns1-client-probe", "ns1-client-helper"], client.Select(w => w.Name));
        Assert.Equal(["probe.client.ns1", "client.ns1", "client"], client[0].Networks.Single().Aliases);
        Assert.Empty(client[1].Networks); // a process stays on the node's network
        Assert.Empty(client[1].Hosts);

        var outsider = plan.Deployments[2].Workloads[0];
        Assert.Equal("ns1-mgmt", outsider.Networks.Single().Name);
        Assert.Equal(["clock", "clock.ns1"], outsider.Hosts.Keys.Order());
    }

    [Fact]
    public void Expand_LongInstanceName_NamesFitDnsLabelsAndStayDistinct()
    {
        var plan = Expand(new string('n', 60));

        Assert.Empty(plan.Errors);
        var names = plan.Deployments.Select(d => d.Name).Concat(plan.Deployments.SelectMany(d => d.Workloads).Select(w => w.Name)).Concat(plan.Links.Select(l => l.Network)).ToList();
        Assert.All(names, n => Assert.True(n.Length <= 63 && Agent.Core.Validation.Names.IsDnsLabel(n), n));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Fit_SameLongName_SameResult()
    {
        var name = new string('x', 80);

        Assert.Equal(NsNames.Fit(name), NsNames.Fit(name));
        Assert.NotEqual(NsNames.Fit(name), NsNames.Fit(name + "y"));
        Assert.Equal("short", NsNames.Fit("short"));
    }
}
