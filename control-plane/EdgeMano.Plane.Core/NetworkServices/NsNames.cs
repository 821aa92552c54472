using System.Security.Cryptography;
using System.Text;
using EdgeMano.Agent.Core.Validation;

namespace EdgeMano.Plane.Core.NetworkServices;

/// <summary>
/// The names a network service instance gives the things it creates. Instance, CNF and link names
/// are DNS labels already, so joining them keeps the characters valid; a join longer than a label
/// (63) is cut and made unique again with a short hash of the whole, so it stays deterministic.
/// </summary>
public static class NsNames
{
    /// <summary>The deployment that runs one CNF: <c>{ns}--{cnf}</c>.</summary>
    public static string Deployment(string ns, string cnf) => Fit($"{ns}--{cnf}");

    /// <summary>A CNF's workload on the node: <c>{ns}-{cnf}-{workload}</c>, so two CNFs of one package never clash.</summary>
    public static string Workload(string ns, string cnf, string workload) => Fit($"{ns}-{cnf}-{workload}");

    /// <summary>The container network of a virtual link: <c>{ns}-{vl}</c>.</summary>
    public static string Network(string ns, string link) => Fit($"{ns}-{link}");

    /// <summary>The DNS names a CNF answers to on its links: <c>{cnf}.{ns}</c> and <c>{cnf}</c>.</summary>
    public static string[] CnfAliases(string ns, string cnf) => [$"{cnf}.{ns}", cnf];

    internal static string Fit(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower.Length <= Names.MaxDnsLabel) return lower;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lower)))[..8];
        return lower[..(Names.MaxDnsLabel - 9)].TrimEnd('-') + "-" + hash;
    }
}
