using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Artifacts;
using EdgeMano.Plane.Packages.Descriptors;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages.Osm;

/// <summary>
/// An OSM KNF: a <c>vnfd</c> (SOL006-based IM, OSM release 9+) or the older <c>vnfd-catalog</c>
/// wrapper, whose KDUs are Helm charts — a plain name is a chart in the package's helm-charts/
/// folder (unpacked or .tgz), "repo/chart[:version]" one from a repository. Juju bundles are refused.
/// </summary>
internal static class OsmKnfReader
{
    private static readonly string[] Wrappers = ["vnfd", "vnfd-catalog", "vnfd:vnfd-catalog"];
    private const string ChartsFolder = "helm-charts";

    public static bool Recognizes(YamlValue root) =>
        root.Node is YamlDotNet.RepresentationModel.YamlMappingNode map
        && map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Any(k => Wrappers.Contains(k.Value));

    public static DescriptorModel Read(ReadContext context, YamlDocumentReader reader)
    {
        var model = new DescriptorModel(PackageFormat.OsmKnf);
        if (reader.Root?.AsMapping(Wrappers) is not { } top) return model;
        if (top.Keys.Count != 1)
        {
            top.Self.Error($"expected one of {string.Join(", ", Wrappers)} at the top, got {string.Join(" and ", top.Keys)}");
            return model;
        }
        var legacy = top.Keys[0] != "vnfd";
        var vnfd = legacy ? Catalog(top.Get(top.Keys[0])!) : top.Mapping("vnfd", null);
        if (vnfd is null) return model;
        ReadIdentity(model, reader, vnfd, legacy);
        if (vnfd.Get("vdu") is { } vdu)
            vdu.Error("VM-based VDUs are not supported: EdgeMano onboards KNFs, whose workloads are KDUs (Helm charts)");
        var nets = ReadNets(model, vnfd);
        ReadPoints(model, vnfd, nets, legacy);
        ReadKdus(context, model, reader, vnfd);
        return model;
    }

    /// <summary>vnfd-catalog: { vnfd: [ one descriptor ] }.</summary>
    private static YamlMapping? Catalog(YamlValue catalog)
    {
        var wrapper = catalog.AsMapping(["vnfd", "vnfd:vnfd"]);
        var key = wrapper?.Keys.FirstOrDefault();
        if (wrapper is null || key is null)
        {
            wrapper?.Self.Error("expected 'vnfd:' with one descriptor in it");
            return null;
        }
        var list = wrapper.List(key, required: true);
        if (list is { Count: not 1 })
        {
            wrapper.Get(key)!.Error($"a package holds one VNFD, got {list.Count}");
            return null;
        }
        return list?[0].AsMapping(null);
    }

    private static void ReadIdentity(DescriptorModel model, YamlDocumentReader reader, YamlMapping vnfd, bool legacy)
    {
        var nameKey = legacy ? "name" : "product-name";
        var providerKey = legacy ? "vendor" : "provider";
        model.DescriptorId = Required(vnfd, "id");
        model.Name = Required(vnfd, nameKey);
        model.Provider = Required(vnfd, providerKey);
        var version = vnfd.Get("version", required: true);
        model.Version = version?.AsString() ?? "";
        if (version is not null && Versions.Check(model.Version) is { } problem) version.Error(problem);
        model.Description = vnfd.String("description") ?? "";
        model.NameAt = new FieldLocation(reader, reader.FileName, YamlPath.Child(vnfd.Path, nameKey));
        model.ProviderAt = new FieldLocation(reader, reader.FileName, YamlPath.Child(vnfd.Path, providerKey));
    }

    private static string Required(YamlMapping m, string key)
    {
        var value = m.Get(key, required: true);
        var text = value?.AsString() ?? "";
        if (value is not null && text.Trim().Length == 0) value.Error("must not be empty");
        return text;
    }

    private static HashSet<string> ReadNets(DescriptorModel model, YamlMapping vnfd)
    {
        var nets = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var item in vnfd.Mapping("k8s-cluster", null)?.List("nets") ?? [])
        {
            if (item.AsMapping(null)?.Get("id", required: true) is not { } id || id.AsString() is not { } name) continue;
            if (!nets.TryAdd(name, id)) id.Error($"duplicate k8s-cluster net '{name}' (first at line {nets[name].Position.Line})");
            else model.VirtualLinks.Add(new VirtualLink { Name = name });
        }
        return nets.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>ext-cpd (with k8s-cluster-net) and mgmt-cp; legacy: connection-point, nets' external-connection-point-ref, mgmt-interface.cp.</summary>
    private static void ReadPoints(DescriptorModel model, YamlMapping vnfd, HashSet<string> nets, bool legacy)
    {
        var points = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var item in vnfd.List(legacy ? "connection-point" : "ext-cpd") ?? [])
        {
            if (item.AsMapping(null) is not { } m || m.Get(legacy ? "name" : "id", required: true) is not { } id || id.AsString() is not { } name) continue;
            if (!points.TryAdd(name, id)) id.Error($"duplicate connection point '{name}' (first at line {points[name].Position.Line})");
            var net = legacy ? null : m.Get("k8s-cluster-net");
            var netName = net?.AsString();
            if (net is not null && netName is not null && !nets.Contains(netName))
                net.Error($"dangling reference: no k8s-cluster net is named '{netName}'{Suggestions.DidYouMean(netName, nets)}");
            model.ConnectionPoints.Add(new ConnectionPoint { Name = name, External = true, VirtualLink = netName });
        }
        if (legacy)
        {
            foreach (var item in vnfd.Mapping("k8s-cluster", null)?.List("nets") ?? [])
            {
                if (item.AsMapping(null) is not { } m || m.Get("external-connection-point-ref") is not { } reference || reference.AsString() is not { } cp) continue;
                if (!points.ContainsKey(cp)) reference.Error($"dangling reference: no connection-point is named '{cp}'{Suggestions.DidYouMean(cp, points.Keys)}");
                var index = model.ConnectionPoints.FindIndex(p => p.Name == cp);
                if (index >= 0) model.ConnectionPoints[index] = model.ConnectionPoints[index] with { VirtualLink = m.String("id") };
            }
        }
        var mgmt = legacy ? vnfd.Mapping("mgmt-interface", null)?.Get("cp") : vnfd.Get("mgmt-cp");
        if (mgmt?.AsString() is { } managed && !points.ContainsKey(managed))
            mgmt.Error($"dangling reference: no {(legacy ? "connection-point" : "ext-cpd")} is named '{managed}'{Suggestions.DidYouMean(managed, points.Keys)}");
    }

    private static void ReadKdus(ReadContext context, DescriptorModel model, YamlDocumentReader reader, YamlMapping vnfd)
    {
        var kdus = vnfd.List("kdu", required: true);
        if (kdus is { Count: 0 }) vnfd.Get("kdu")!.Error("a KNF needs at least one KDU");
        var names = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var item in kdus ?? [])
        {
            if (item.AsMapping(null) is not { } kdu || kdu.Get("name", required: true) is not { } nameValue || nameValue.AsString() is not { } name) continue;
            if (!names.TryAdd(name, nameValue))
            {
                nameValue.Error($"duplicate KDU name '{name}' (first at line {names[name].Position.Line})");
                continue;
            }
            if (!Names.IsDnsLabel(name)) nameValue.Error($"'{name}' is not a valid KDU name (it names a Helm release): lowercase letters, digits and '-'");
            if (kdu.Get("juju-bundle") is { } juju)
            {
                juju.Error("juju bundles are not supported: EdgeMano deploys KDUs from Helm charts");
                continue;
            }
            if (kdu.Get("helm-chart") is not { } chartValue || chartValue.AsString() is not { } chart)
            {
                if (!kdu.Has("helm-chart")) kdu.Self.Error($"KDU '{name}' needs 'helm-chart' (a chart in {ChartsFolder}/ or repo/chart)");
                continue;
            }
            var vdu = new PackageVdu { Name = name, Source = VduSource.HelmChart };
            var at = new FieldLocation(reader, reader.FileName, chartValue.Path);
            if (LocalChart(context, reader, chart) is { } path)
            {
                if (ChartArtifacts.FromPackage(context, path, name, null, at) is { } outcome)
                {
                    model.Charts.Add(outcome.Chart);
                    vdu = vdu with { Chart = outcome.Chart.Name, Workloads = new(outcome.Workloads) };
                }
            }
            else if (chart.Count(c => c == '/') == 1 && !chart.StartsWith('/') && !chart.EndsWith('/'))
            {
                var remote = ChartArtifacts.FromRepository(chart, name);
                model.Charts.Add(remote);
                vdu = vdu with { Chart = remote.Name };
                context.Note(at.Error($"chart '{chart}' comes from repository '{remote.Repository}': it is not in the package, so it is neither rendered nor checked at onboarding"));
            }
            else
            {
                chartValue.Error($"missing artifact: no chart '{chart}' in {ChartsFolder}/ (a directory with Chart.yaml, or {chart}.tgz); a repository chart is written repo/chart");
            }
            model.Vdus.Add(vdu);
        }
    }

    /// <summary>helm-charts/NAME, helm-charts/NAME.tgz, or a path in the package; null when none is there.</summary>
    private static string? LocalChart(ReadContext context, YamlDocumentReader reader, string chart)
    {
        var folder = PackageFileSet.Resolve(reader.FileName, ChartsFolder);
        var candidates = new[] { folder is null ? null : $"{folder}/{chart}", folder is null ? null : $"{folder}/{chart}.tgz", PackageFileSet.Resolve(reader.FileName, chart) };
        return candidates.FirstOrDefault(c => c is not null && (context.Files.Contains(c) || context.Files.IsDirectory(c)));
    }
}
