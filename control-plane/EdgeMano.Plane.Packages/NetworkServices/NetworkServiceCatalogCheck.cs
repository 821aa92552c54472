using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages.NetworkServices;

/// <summary>
/// The checks of an NSD that need the onboarded packages: every CNF names an onboarded CNF
/// package; a CNF on a virtual link can join a container network; and no two CNFs publish the
/// same host port (all CNFs of a service run on the same nodes, so such a pair could never both
/// be placed). Each error points at the CNF's package reference in the NSD.
/// </summary>
public static class NetworkServiceCatalogCheck
{
    /// <param name="lookup">The onboarded package NAME, VERSION; null when there is none.</param>
    /// <param name="versionsOf">Onboarded versions of a package name, for the hint when the wanted one is missing.</param>
    public static IReadOnlyList<LocatedError> Check(NetworkServiceDescriptor service, Func<string, string, CnfPackage?> lookup, Func<string, IReadOnlyList<string>> versionsOf)
    {
        var errors = new List<LocatedError>();
        var published = new List<(NsCnf Cnf, WorkloadSpec Workload, PortMapping Port)>();
        foreach (var cnf in service.Cnfs)
        {
            if (lookup(cnf.PackageName, cnf.PackageVersion) is not { } package)
            {
                var versions = versionsOf(cnf.PackageName);
                var hint = versions.Count == 0 ? "onboard it first (edgemano packages onboard PATH)" : $"onboarded versions: {string.Join(", ", versions)}";
                errors.Add(cnf.PackageAt.Error($"unknown package: CNF '{cnf.Name}' names package {cnf.PackageName} {cnf.PackageVersion}, which is not onboarded: {hint}"));
                continue;
            }
            if (package.NetworkService is not null)
            {
                errors.Add(cnf.PackageAt.Error($"CNF '{cnf.Name}' names {cnf.Package}, which is a network service: a CNF must name a CNF package (services do not nest)"));
                continue;
            }
            var links = service.LinksOf(cnf.Name).Select(l => l.Name).ToList();
            foreach (var workload in package.Workloads)
            {
                if (links.Count > 0 && workload.Kind == WorkloadKind.Container && workload.Network.Length > 0)
                    errors.Add(cnf.PackageAt.Error($"CNF '{cnf.Name}': workload '{workload.Name}' of {cnf.Package} sets network: {workload.Network}, so it cannot join virtual link(s) {string.Join(", ", links)}; "
                        + "remove network from the package's workload, or take the CNF off the link"));
                foreach (var port in workload.Ports)
                {
                    if (published.Find(p => p.Cnf.Name != cnf.Name && Clash(p.Port, port)) is { Cnf: not null } other)
                    {
                        var shared = service.VirtualLinks.FirstOrDefault(l => l.Members.Contains(cnf.Name) && l.Members.Contains(other.Cnf.Name));
                        var where = shared is null ? "every CNF of a service runs on the same node" : $"both are on virtual link '{shared.Name}' and run on the same node";
                        errors.Add(cnf.PackageAt.Error($"port clash: CNF '{cnf.Name}' ({cnf.Package}, workload '{workload.Name}') publishes host port {port.EffectiveHostPort}/{port.Protocol}, "
                            + $"as does CNF '{other.Cnf.Name}' ({other.Cnf.Package}, workload '{other.Workload.Name}', line {other.Cnf.PackageAt.Line}); {where}"));
                    }
                    published.Add((cnf, workload, port));
                }
            }
        }
        return errors;
    }

    /// <summary>The agent's rule: same port and protocol clash unless both are bound to different specific addresses.</summary>
    private static bool Clash(PortMapping a, PortMapping b) =>
        a.EffectiveHostPort == b.EffectiveHostPort
        && a.Protocol.Equals(b.Protocol, StringComparison.OrdinalIgnoreCase)
        && (IsWildcard(a.HostIp) || IsWildcard(b.HostIp) || a.HostIp == b.HostIp);

    private static bool IsWildcard(string hostIp) => hostIp is "" or "0.0.0.0" or "::";
}
