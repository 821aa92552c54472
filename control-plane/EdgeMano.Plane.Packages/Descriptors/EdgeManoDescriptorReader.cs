using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Artifacts;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages.Descriptors;

/// <summary>
/// EdgeMano's own compact CNF descriptor (<c>apiVersion: edgemano/v1, kind: CnfPackage</c>):
/// metadata, workloads in the agent's own format, networks, connection points, and optional
/// Helm charts and Kubernetes manifests in the package. Each workload, chart and manifest set is one VDU.
/// </summary>
internal static class EdgeManoDescriptorReader
{
    public const string ApiVersion = "edgemano/v1";
    public const string Kind = "CnfPackage";

    private static readonly string[] TopKeys = ["apiVersion", "kind", "metadata", "workloads", "networks", "connectionPoints", "charts", "manifests"];
    private static readonly string[] MetadataKeys = ["name", "id", "version", "provider", "description"];
    private static readonly string[] NetworkKeys = ["name", "description", "protocols"];
    private static readonly string[] PointKeys = ["name", "vdu", "network", "port", "protocol", "external"];
    private static readonly string[] ChartKeys = ["name", "path", "values"];
    private static readonly string[] ManifestKeys = ["name", "files"];

    public static bool Recognizes(YamlValue root) =>
        root.Node is YamlDotNet.RepresentationModel.YamlMappingNode map
        && map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Any(k => k.Value == "apiVersion");

    public static DescriptorModel Read(ReadContext context, YamlDocumentReader reader)
    {
        var model = new DescriptorModel(PackageFormat.EdgeMano);
        if (reader.Root?.AsMapping(TopKeys) is not { } top) return model;
        WorkloadDocument.CheckExact(top, "apiVersion", ApiVersion);
        WorkloadDocument.CheckExact(top, "kind", Kind);
        ReadMetadata(model, reader, top.Mapping("metadata", MetadataKeys, required: true), "package");

        var vduNames = new VduNames();
        var workloads = top.List("workloads") ?? [];
        for (var i = 0; i < workloads.Count; i++)
        {
            var spec = WorkloadYamlReader.Read(workloads[i]);
            var at = workloads[i].Path;
            context.Workloads.Add(new WorkloadOrigin(spec.Name, spec, suffix => new FieldLocation(reader, reader.FileName, Join(at, suffix))));
            model.Vdus.Add(new PackageVdu { Name = spec.Name, Source = VduSource.Workload, Workloads = new([spec]) });
            vduNames.Add(spec.Name, workloads[i], reportDuplicate: false); // the workload validator reports duplicates
        }
        foreach (var item in top.List("charts") ?? []) ReadChart(context, model, reader, item, vduNames);
        foreach (var item in top.List("manifests") ?? []) ReadManifests(context, model, reader, item, vduNames);
        if (model.Vdus.Count == 0 && !reader.ErrorPaths.Any(p => p is "workloads" or "charts" or "manifests"))
            top.Self.Error("the package deploys nothing: give at least one of workloads, charts or manifests");

        var networks = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var item in top.List("networks") ?? [])
        {
            if (item.AsMapping(NetworkKeys) is not { } m || m.Get("name", required: true) is not { } nameValue) continue;
            var name = nameValue.AsString() ?? "";
            if (!networks.TryAdd(name, nameValue)) nameValue.Error($"duplicate network '{name}' (first at line {networks[name].Position.Line})");
            else if (!Names.IsDnsLabel(name)) nameValue.Error($"'{name}' is not a valid network name: lowercase letters, digits and '-'");
            model.VirtualLinks.Add(new VirtualLink { Name = name, Description = m.String("description") ?? "", Protocols = new(m.StringList("protocols") ?? []) });
        }
        ReadConnectionPoints(model, top, vduNames, networks);
        return model;
    }

    /// <summary>The metadata block of an EdgeMano descriptor (a CNF package, or a network service: <paramref name="what"/>).</summary>
    internal static void ReadMetadata(DescriptorModel model, YamlDocumentReader reader, YamlMapping? metadata, string what)
    {
        if (metadata is null) return;
        var name = metadata.Get("name", required: true);
        model.Name = name?.AsString() ?? "";
        if (name is not null && !Names.IsDnsLabel(model.Name))
            name.Error($"'{model.Name}' is not a valid {what} name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {Names.MaxDnsLabel}");
        model.DescriptorId = metadata.String("id") ?? model.Name;
        var version = metadata.Get("version", required: true);
        model.Version = version?.AsString() ?? "";
        if (version is not null && Versions.Check(model.Version) is { } problem) version.Error(problem);
        var provider = metadata.Get("provider", required: true);
        model.Provider = provider?.AsString() ?? "";
        if (provider is not null && model.Provider.Trim().Length == 0) provider.Error("must not be empty");
        model.Description = metadata.String("description") ?? "";
        model.NameAt = new FieldLocation(reader, reader.FileName, "metadata.name");
        model.ProviderAt = new FieldLocation(reader, reader.FileName, "metadata.provider");
    }

    private static void ReadChart(ReadContext context, DescriptorModel model, YamlDocumentReader reader, YamlValue item, VduNames vduNames)
    {
        if (item.AsMapping(ChartKeys) is not { } m) return;
        var name = m.Get("name", required: true);
        var pathValue = m.Get("path", required: true);
        if (name?.AsString() is not { } vdu || pathValue?.AsString() is not { } path) return;
        if (!vduNames.Add(vdu, name, reportDuplicate: true)) return;
        var chartPath = PackageFileSet.Resolve(reader.FileName, path);
        var at = new FieldLocation(reader, reader.FileName, pathValue.Path);
        if (chartPath is null)
        {
            pathValue.Error($"'{path}' is not a path inside the package");
            return;
        }
        string? valuesPath = null;
        if (m.Get("values") is { } valuesValue && valuesValue.AsString() is { } values)
        {
            valuesPath = PackageFileSet.Resolve(reader.FileName, values);
            if (valuesPath is null || !context.Files.Contains(valuesPath))
            {
                valuesValue.Error($"missing artifact: the values file '{values}' is not in the package");
                valuesPath = null;
            }
        }
        var outcome = ChartArtifacts.FromPackage(context, chartPath, vdu, valuesPath, at);
        if (outcome is null) return;
        model.Charts.Add(outcome.Chart);
        model.Vdus.Add(new PackageVdu { Name = vdu, Source = VduSource.HelmChart, Workloads = new(outcome.Workloads), Chart = outcome.Chart.Name });
    }

    private static void ReadManifests(ReadContext context, DescriptorModel model, YamlDocumentReader reader, YamlValue item, VduNames vduNames)
    {
        if (item.AsMapping(ManifestKeys) is not { } m) return;
        var name = m.Get("name", required: true);
        if (name?.AsString() is not { } vdu) return;
        if (!vduNames.Add(vdu, name, reportDuplicate: true)) return;
        var paths = new List<string>();
        foreach (var file in m.Get("files", required: true)?.AsList() ?? [])
        {
            if (file.AsString() is not { } text) continue;
            var path = PackageFileSet.Resolve(reader.FileName, text);
            if (path is not null && context.Files.Contains(path)) paths.Add(path);
            else file.Error($"missing artifact: '{text}' is not in the package");
        }
        var workloads = KubernetesArtifacts.Translate(context, paths, vdu, model.Manifests);
        model.Vdus.Add(new PackageVdu { Name = vdu, Source = VduSource.KubernetesManifests, Workloads = new(workloads) });
    }

    private static void ReadConnectionPoints(DescriptorModel model, YamlMapping top, VduNames vdus, Dictionary<string, YamlValue> networks)
    {
        var seen = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var item in top.List("connectionPoints") ?? [])
        {
            if (item.AsMapping(PointKeys) is not { } m || m.Get("name", required: true) is not { } nameValue) continue;
            var name = nameValue.AsString() ?? "";
            if (!seen.TryAdd(name, nameValue)) nameValue.Error($"duplicate connection point '{name}' (first at line {seen[name].Position.Line})");
            var vduValue = m.Get("vdu");
            var vdu = vduValue?.AsString();
            if (vduValue is not null && vdu is not null && !vdus.Contains(vdu))
                vduValue.Error($"dangling reference: no workload, chart or manifest set is named '{vdu}'{Suggestions.DidYouMean(vdu, vdus.All)}");
            var networkValue = m.Get("network");
            var network = networkValue?.AsString();
            if (networkValue is not null && network is not null && !networks.ContainsKey(network))
                networkValue.Error($"dangling reference: no network is named '{network}'{Suggestions.DidYouMean(network, networks.Keys)}");
            var portValue = m.Get("port");
            var port = portValue?.AsInt32(1, 65535);
            if (port is { } number && model.Vdus.FirstOrDefault(v => v.Name == vdu) is { Source: VduSource.Workload } target
                && target.Workloads[0].Ports.All(p => p.ContainerPort != number))
            {
                var has = string.Join(", ", target.Workloads[0].Ports.Select(p => p.ContainerPort));
                portValue!.Error($"port {number} is not a containerPort of workload '{vdu}' ({(has.Length == 0 ? "it publishes none" : "it has " + has)})");
            }
            var protocol = m.OneOf("protocol", ["tcp", "udp"]) ?? "tcp";
            model.ConnectionPoints.Add(new ConnectionPoint
            {
                Name = name, Vdu = vdu, VirtualLink = network, External = m.Bool("external") ?? false,
                Ports = port is { } p ? new([new ServicePort(name, p, protocol)]) : ValueList<ServicePort>.Empty,
            });
        }
        for (var i = 0; i < model.Vdus.Count; i++)
        {
            var points = model.ConnectionPoints.Where(c => c.Vdu == model.Vdus[i].Name).Select(c => c.Name).ToList();
            if (points.Count > 0) model.Vdus[i] = model.Vdus[i] with { ConnectionPoints = new(points) };
        }
    }

    private static string Join(string at, string suffix) =>
        suffix.Length == 0 ? at : suffix.StartsWith('[') ? at + suffix : at + "." + suffix;

    /// <summary>VDU names across workloads, charts and manifest sets; one name, one VDU.</summary>
    private sealed class VduNames
    {
        private readonly Dictionary<string, YamlValue> _names = new(StringComparer.Ordinal);

        public IEnumerable<string> All => _names.Keys;

        public bool Contains(string name) => _names.ContainsKey(name);

        /// <param name="reportDuplicate">False for workloads: the workload validator reports their names.</param>
        /// <returns>False for a duplicate: its content is not read, as it would only repeat the clash.</returns>
        public bool Add(string name, YamlValue at, bool reportDuplicate)
        {
            if (reportDuplicate && !Names.IsDnsLabel(name))
                at.Error($"'{name}' is not a valid name (it names a Helm release and its workloads): lowercase letters, digits and '-', at most {Names.MaxDnsLabel}");
            if (_names.TryAdd(name, at) || !reportDuplicate) return true;
            at.Error($"duplicate name '{name}': a workload, chart or manifest set already uses it (line {_names[name].Position.Line})");
            return false;
        }
    }
}
