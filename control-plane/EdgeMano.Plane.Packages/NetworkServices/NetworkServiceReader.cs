using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Descriptors;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages.NetworkServices;

/// <summary>
/// EdgeMano's own compact NSD (<c>apiVersion: edgemano/v1, kind: NetworkService</c>): metadata,
/// <c>cnfs</c> (name + package NAME@VERSION), <c>virtualLinks</c> (name + members) and <c>pnfs</c>
/// (name, address, ports). Everything that can be judged from the document alone is checked here
/// (names, duplicates, dangling members, addresses, ports); what needs the onboarded packages is
/// checked by <see cref="NetworkServiceCatalogCheck"/>.
/// </summary>
internal static class NetworkServiceReader
{
    public const string Kind = "NetworkService";

    private static readonly string[] TopKeys = ["apiVersion", "kind", "metadata", "cnfs", "virtualLinks", "pnfs"];
    private static readonly string[] MetadataKeys = ["name", "id", "version", "provider", "description"];
    private static readonly string[] CnfKeys = ["name", "package", "description"];
    private static readonly string[] PackageKeys = ["name", "version"];
    private static readonly string[] LinkKeys = ["name", "description", "members"];
    private static readonly string[] PnfKeys = ["name", "address", "ports", "description"];
    private static readonly string[] PortKeys = ["name", "port", "protocol"];
    private static readonly string[] Protocols = ["tcp", "udp", "sctp"];

    /// <summary>An own-format document whose kind is NetworkService (checked before the CNF reader, which takes any apiVersion).</summary>
    public static bool Recognizes(YamlValue root) =>
        root.Node is YamlDotNet.RepresentationModel.YamlMappingNode map
        && map.Children.Any(c => c.Key is YamlDotNet.RepresentationModel.YamlScalarNode { Value: "kind" }
            && c.Value is YamlDotNet.RepresentationModel.YamlScalarNode { Value: Kind })
        && map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Any(k => k.Value == "apiVersion");

    public static DescriptorModel Read(YamlDocumentReader reader)
    {
        var model = new DescriptorModel(PackageFormat.EdgeMano);
        if (reader.Root?.AsMapping(TopKeys) is not { } top) return model;
        WorkloadDocument.CheckExact(top, "apiVersion", EdgeManoDescriptorReader.ApiVersion);
        EdgeManoDescriptorReader.ReadMetadata(model, reader, top.Mapping("metadata", MetadataKeys, required: true), "network service");

        var names = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        var cnfs = ReadCnfs(top, names);
        var pnfs = (top.List("pnfs") ?? []).Select(item => ReadPnf(item, names)).OfType<NsPnf>().ToList();
        var links = ReadLinks(top, names);
        model.NetworkService = new NetworkServiceDescriptor { Cnfs = new(cnfs), VirtualLinks = new(links), Pnfs = new(pnfs) };
        return model;
    }

    private static List<NsCnf> ReadCnfs(YamlMapping top, Dictionary<string, YamlValue> names)
    {
        var cnfs = new List<NsCnf>();
        var list = top.List("cnfs", required: true);
        if (list is { Count: 0 }) top.Get("cnfs")!.Error("the network service has no CNFs: list at least one {name, package}");
        foreach (var item in list ?? [])
        {
            if (item.AsMapping(CnfKeys) is not { } m) continue;
            var nameValue = m.Get("name", required: true);
            var name = nameValue?.AsString();
            if (nameValue is not null && name is not null) CheckName(nameValue, name, "CNF", names);
            var packageValue = m.Get("package", required: true);
            if (name is null || packageValue is null || ReadPackage(packageValue) is not { } package) continue;
            cnfs.Add(new NsCnf { Name = name, PackageName = package.Name, PackageVersion = package.Version, PackageAt = Spot(packageValue), At = Spot(item) });
        }
        return cnfs;
    }

    /// <summary>`package: NAME@VERSION` or `package: {name, version}`.</summary>
    private static (string Name, string Version)? ReadPackage(YamlValue value)
    {
        if (PackageReferenceYaml.Read(value, PackageKeys) is not { } reference) return null;
        if (Versions.Check(reference.Version) is { } problem)
        {
            value.Error($"package {reference.Name}: {problem}");
            return null;
        }
        return reference;
    }

    private static NsPnf? ReadPnf(YamlValue item, Dictionary<string, YamlValue> names)
    {
        if (item.AsMapping(PnfKeys) is not { } m) return null;
        var nameValue = m.Get("name", required: true);
        var name = nameValue?.AsString();
        if (nameValue is not null && name is not null) CheckName(nameValue, name, "PNF", names);
        var addressValue = m.Get("address", required: true);
        var address = addressValue?.AsString();
        if (addressValue is not null && address is not null && !IpLiteral.IsValid(address))
            addressValue.Error($"'{address}' is not an IPv4 or IPv6 address: a PNF is a fixed endpoint the CNFs find through /etc/hosts");
        var ports = new List<ServicePort>();
        var seen = new Dictionary<(int, string), YamlValue>();
        foreach (var portValue in m.List("ports") ?? [])
        {
            if (ReadPort(portValue) is not { } port) continue;
            if (!seen.TryAdd((port.Port, port.Protocol), portValue))
                portValue.Error($"port clash: {port.Port}/{port.Protocol} is listed twice for PNF '{name}' (first at line {seen[(port.Port, port.Protocol)].Position.Line})");
            else ports.Add(port);
        }
        return name is null || address is null ? null : new NsPnf { Name = name, Address = address, Ports = new(ports), At = Spot(item) };
    }

    /// <summary>8080, "9000/udp" or {port, protocol, name}.</summary>
    private static ServicePort? ReadPort(YamlValue value)
    {
        if (value.Node is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            var text = value.AsString() ?? "";
            var slash = text.IndexOf('/');
            var protocol = slash < 0 ? "tcp" : text[(slash + 1)..];
            if (!int.TryParse(slash < 0 ? text : text[..slash], out var number) || number is < 1 or > 65535 || !Protocols.Contains(protocol))
            {
                value.Error($"'{text}' is not a port: write a number 1-65535, optionally /tcp, /udp or /sctp (e.g. 9000/udp)");
                return null;
            }
            return new ServicePort("", number, protocol);
        }
        if (value.AsMapping(PortKeys) is not { } m) return null;
        var port = m.Int32("port", 1, 65535, required: true);
        var proto = m.OneOf("protocol", Protocols) ?? "tcp";
        return port is { } p ? new ServicePort(m.String("name") ?? "", p, proto) : null;
    }

    private static List<NsVirtualLink> ReadLinks(YamlMapping top, Dictionary<string, YamlValue> members)
    {
        var links = new List<NsVirtualLink>();
        var seen = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var item in top.List("virtualLinks") ?? [])
        {
            if (item.AsMapping(LinkKeys) is not { } m || m.Get("name", required: true) is not { } nameValue || nameValue.AsString() is not { } name) continue;
            if (!Names.IsDnsLabel(name))
                nameValue.Error($"'{name}' is not a valid virtual link name: lowercase letters, digits and '-', at most {Names.MaxDnsLabel} (it names a container network)");
            else if (!seen.TryAdd(name, nameValue))
                nameValue.Error($"duplicate virtual link '{name}' (first at line {seen[name].Position.Line})");
            var memberValues = m.List("members", required: true) ?? [];
            if (memberValues.Count == 0 && m.Get("members") is { } empty) empty.Error($"virtual link '{name}' has no members: list the CNFs (and PNFs) it joins");
            var listed = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
            foreach (var memberValue in memberValues)
            {
                if (memberValue.AsString() is not { } member) continue;
                if (!members.ContainsKey(member))
                    memberValue.Error($"dangling member: no CNF or PNF is named '{member}'{Suggestions.DidYouMean(member, members.Keys)}");
                else if (!listed.TryAdd(member, memberValue))
                    memberValue.Error($"'{member}' is listed twice on virtual link '{name}' (first at line {listed[member].Position.Line})");
            }
            links.Add(new NsVirtualLink { Name = name, Description = m.String("description") ?? "", Members = new(listed.Keys), At = Spot(item) });
        }
        return links;
    }

    /// <summary>CNF and PNF names share one namespace: both become DNS names on the node.</summary>
    private static void CheckName(YamlValue value, string name, string what, Dictionary<string, YamlValue> names)
    {
        // An invalid name is still recorded, so links naming it are not also called dangling.
        if (!Names.IsDnsLabel(name))
        {
            value.Error($"'{name}' is not a valid {what} name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {Names.MaxDnsLabel} (it becomes a DNS name)");
            names.TryAdd(name, value);
        }
        else if (!names.TryAdd(name, value))
            value.Error($"duplicate name '{name}': a CNF or PNF already uses it (line {names[name].Position.Line}); CNF and PNF names must be unique in the service");
    }

    private static DescriptorSpot Spot(YamlValue value) => new(value.Reader.FileName, value.Position.Line, value.Position.Column, value.Path);
}
