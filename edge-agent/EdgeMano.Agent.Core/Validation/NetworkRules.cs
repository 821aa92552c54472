using EdgeMano.Agent.Core.Model;
using static EdgeMano.Agent.Core.Validation.ValidationContext;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>Rules for the networks a container joins (virtual links) and its extra /etc/hosts entries.</summary>
internal static class NetworkRules
{
    /// <summary>The engine's own networks: they are what <c>network:</c> selects, and the default bridge has no DNS aliases.</summary>
    private static readonly string[] BuiltIn = ["bridge", "host", "none"];

    private const string DnsNameRule = "labels of lowercase letters, digits and '-' separated by dots, each at most 63 characters";

    public static void Check(WorkloadSpec w, string at, ValidationContext context)
    {
        var networks = Child(at, "networks");
        var hosts = Child(at, "hosts");
        var kind = Child(at, "kind");
        if (w.Kind != WorkloadKind.Container)
        {
            if (w.Networks.Count > 0)
                context.Add(networks, "a process runs on the node's network and joins no networks; remove it, or use kind: container", dependsOn: kind);
            if (w.Hosts.Count > 0)
                context.Add(hosts, "a process uses the node's /etc/hosts; remove it, or use kind: container", dependsOn: kind);
            return;
        }
        if (w.Networks.Count > 0 && w.Network.Length > 0)
        {
            var network = Child(at, "network");
            context.Add(networks, w.Network == "host"
                    ? "cannot be used with network: host: a container on the node's network stack joins no other network; remove one of the two"
                    : $"cannot be used together with network: '{w.Network}'; list every network under networks, or keep network alone",
                network);
        }
        CheckAttachments(w.Networks, networks, context);
        CheckHosts(w.Hosts, hosts, context);
    }

    private static void CheckAttachments(ValueList<NetworkAttachment> attachments, string networks, ValidationContext context)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < attachments.Count; j++)
        {
            var attachment = attachments[j];
            var path = Index(networks, j);
            var name = Child(path, "name");
            if (attachment.Name.Length == 0)
                context.Add(name, "must not be empty");
            else if (BuiltIn.Contains(attachment.Name))
                context.Add(name, $"'{attachment.Name}' is one of the engine's built-in networks; use network: {attachment.Name} instead, or name a network of your own");
            else if (!Names.IsNetworkName(attachment.Name))
                context.Add(name, $"'{attachment.Name}' is not a valid network name: lowercase letters, digits, '_', '.' and '-', starting with a letter or digit, at most {Names.MaxDnsLabel} characters");
            else if (!first.TryAdd(attachment.Name, j))
                context.Add(name, $"duplicate network '{attachment.Name}'; first listed at {Index(networks, first[attachment.Name])}",
                    Child(Index(networks, first[attachment.Name]), "name"));

            var aliases = Child(path, "aliases");
            for (var k = 0; k < attachment.Aliases.Count; k++)
            {
                var alias = attachment.Aliases[k];
                if (!Names.IsDnsName(alias))
                    context.Add(Index(aliases, k), $"'{alias}' is not a DNS name: {DnsNameRule}, at most {Names.MaxDnsName} in all");
            }
        }
    }

    private static void CheckHosts(ValueMap hosts, string at, ValidationContext context)
    {
        foreach (var (name, address) in hosts)
        {
            var path = Child(at, name);
            if (!Names.IsDnsName(name))
                context.Add(path, $"'{name}' is not a host name: {DnsNameRule}");
            else if (!IpLiteral.IsValid(address))
                context.Add(path, $"'{address}' is not an IPv4 or IPv6 address (the address of {name} in /etc/hosts)");
        }
    }
}
