using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Packages;

namespace EdgeMano.Plane.Core.NetworkServices;

/// <summary>The deployments an instance becomes, the links as networks, or why it cannot be made.</summary>
public sealed record NsPlan(IReadOnlyList<DeploymentSpec> Deployments, IReadOnlyList<NsInstanceCnf> Cnfs, IReadOnlyList<NsInstanceLink> Links, IReadOnlyList<string> Errors);

/// <summary>
/// Turns an NS instance into ordinary deployments, one per CNF, all with the instance's selector.
/// Each container workload of a CNF on a virtual link joins the link's network (<c>{ns}-{vl}</c>)
/// with the aliases <c>{cnf}.{ns}</c> and <c>{cnf}</c>, so the engine's DNS answers those names
/// on that network only; PNFs become /etc/hosts entries (<c>{pnf}</c> and <c>{pnf}.{ns}</c>) of the
/// CNFs that share a link with them (or of every CNF, for a PNF on no link). Pure.
/// </summary>
public static class NsExpansion
{
    public const string InstanceLabel = "edgemano.ns";
    public const string CnfLabel = "edgemano.ns-cnf";

    /// <param name="packages">Each CNF's package by CNF name (all present: checked before).</param>
    public static NsPlan Expand(string instance, NetworkServiceDescriptor nsd, ValueMap selector, IReadOnlyDictionary<string, (PackageRef Ref, CnfPackage Model)> packages)
    {
        var links = nsd.VirtualLinks.Select(l => new NsInstanceLink(l.Name, NsNames.Network(instance, l.Name), l.Members)).ToList();
        var deployments = new List<DeploymentSpec>();
        var cnfs = new List<NsInstanceCnf>();
        var origins = new List<(string Cnf, string Workload)>();
        foreach (var cnf in nsd.Cnfs)
        {
            var (reference, package) = packages[cnf.Name];
            var onLinks = links.Where(l => l.Members.Contains(cnf.Name)).ToList();
            var hosts = HostsFor(instance, nsd, cnf.Name);
            var several = package.Workloads.Count() > 1;
            var workloads = new List<WorkloadSpec>();
            foreach (var w in package.Workloads)
            {
                workloads.Add(Workload(instance, cnf.Name, reference, w, onLinks, hosts, several));
                origins.Add((cnf.Name, w.Name));
            }
            var name = NsNames.Deployment(instance, cnf.Name);
            deployments.Add(new DeploymentSpec
            {
                Name = name, Selector = selector, Package = reference, PackageDigest = package.Digest,
                Workloads = new ValueList<WorkloadSpec>(workloads),
            });
            cnfs.Add(new NsInstanceCnf(cnf.Name, reference, name));
        }
        return new NsPlan(deployments, cnfs, links, Validate(deployments, origins));
    }

    private static WorkloadSpec Workload(string instance, string cnf, PackageRef reference, WorkloadSpec w,
        List<NsInstanceLink> onLinks, IReadOnlyList<KeyValuePair<string, string>> hosts, bool several)
    {
        var labels = w.Labels.Where(l => l.Key is not (InstanceLabel or CnfLabel or FleetController.PackageLabel or FleetController.PackageVersionLabel))
            .Append(new(InstanceLabel, instance)).Append(new(CnfLabel, cnf))
            .Append(new(FleetController.PackageLabel, reference.Name)).Append(new(FleetController.PackageVersionLabel, reference.Version));
        var spec = w with { Name = NsNames.Workload(instance, cnf, w.Name), Labels = new ValueMap(labels) };
        // A process runs on the node's own network and /etc/hosts: it joins no link (docs/network-services.md).
        if (w.Kind != WorkloadKind.Container) return spec;
        var aliases = NsNames.CnfAliases(instance, cnf).ToList();
        if (several) aliases.Insert(0, $"{w.Name}.{cnf}.{instance}");
        var networks = w.Networks.Concat(onLinks.Select(l => new NetworkAttachment { Name = l.Network, Aliases = new ValueList<string>(aliases) }));
        return spec with
        {
            Networks = new ValueList<NetworkAttachment>(networks),
            Hosts = hosts.Count == 0 ? w.Hosts : new ValueMap(w.Hosts.Where(h => !hosts.Any(p => p.Key == h.Key)).Concat(hosts)),
        };
    }

    /// <summary>The PNFs <paramref name="cnf"/> sees: those on a link with it, and those on no link at all.</summary>
    private static List<KeyValuePair<string, string>> HostsFor(string instance, NetworkServiceDescriptor nsd, string cnf)
    {
        var hosts = new List<KeyValuePair<string, string>>();
        foreach (var pnf in nsd.Pnfs)
        {
            var pnfLinks = nsd.LinksOf(pnf.Name).ToList();
            if (pnfLinks.Count > 0 && !pnfLinks.Any(l => l.Members.Contains(cnf))) continue;
            hosts.Add(new(pnf.Name, pnf.Address));
            hosts.Add(new($"{pnf.Name}.{instance}", pnf.Address));
        }
        return hosts;
    }

    /// <summary>
    /// The agent's rules over every workload of the instance, as one node will hold them: a plan
    /// the node would refuse is refused here, naming the CNF and workload.
    /// </summary>
    private static List<string> Validate(List<DeploymentSpec> deployments, List<(string Cnf, string Workload)> origins)
    {
        var all = deployments.SelectMany(d => d.Workloads).ToList();
        var state = new DesiredState { NodeId = "ns", Revision = 0, Workloads = new ValueList<WorkloadSpec>(all) };
        var errors = new List<string>();
        foreach (var finding in DesiredStateValidator.Validate(state))
        {
            var close = finding.Path.IndexOf(']');
            var open = finding.Path.IndexOf('[');
            if (finding.Path.StartsWith("workloads[", StringComparison.Ordinal) && close > open
                && int.TryParse(finding.Path.AsSpan(open + 1, close - open - 1), out var index) && index < origins.Count)
            {
                var (cnf, workload) = origins[index];
                errors.Add($"CNF '{cnf}', workload '{workload}' ({all[index].Name}){finding.Path[(close + 1)..]}: {finding.Message}");
            }
            else errors.Add($"{finding.Path}: {finding.Message}");
        }
        return errors;
    }
}
