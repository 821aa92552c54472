using System.Text.RegularExpressions;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>Character rules for names the runtimes and operating system will see.</summary>
public static partial class Names
{
    public const int MaxDnsLabel = 63;
    public const int MaxNodeId = 253;
    public const int MaxDnsName = 253;

    /// <summary>RFC 1123 label: what container names, hostnames and unit names all accept.</summary>
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabelRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvKeyRegex();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeIdRegex();

    /// <summary>What Docker and the CNI plugins accept as a network name, kept to lowercase.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NetworkNameRegex();

    public static bool IsDnsLabel(string s) => s.Length <= MaxDnsLabel && DnsLabelRegex().IsMatch(s);

    /// <summary>A host name: DNS labels separated by dots, e.g. <c>upf.ns1</c>.</summary>
    public static bool IsDnsName(string s) =>
        s.Length is > 0 and <= MaxDnsName && s.Split('.').All(IsDnsLabel);

    public static bool IsNetworkName(string s) => NetworkNameRegex().IsMatch(s);

    public static bool IsEnvKey(string s) => EnvKeyRegex().IsMatch(s);

    public static bool IsNodeId(string s) => s.Length <= MaxNodeId && NodeIdRegex().IsMatch(s);
}
