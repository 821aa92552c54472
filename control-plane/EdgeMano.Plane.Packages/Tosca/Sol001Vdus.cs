using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Artifacts;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>
/// The deployable units of a flavour: Vdu.OsContainerDeployableUnit with its OsContainer nodes
/// (SOL001 Annex A.18) or with an Mciop's Helm chart (Annex A.23), and Vdu.Compute realised by
/// Kubernetes object files (Tacker: the files the VNFD or TOSCA.meta lists, or, when the node
/// names none, the Files/kubernetes object whose metadata.name is the VDU's name).
/// </summary>
internal static class Sol001Vdus
{
    private static readonly string[] ProfileKeys = ["min_number_of_instances", "max_number_of_instances"];

    public static void Read(ReadContext context, DescriptorModel model, Dictionary<string, ToscaNode> nodes, Connectivity connectivity, ToscaTypes types)
    {
        var mciops = nodes.Values.Where(n => n.Is(ToscaTypes.Mciop)).ToList();
        var charted = ChartsByVdu(nodes, mciops);
        var usedContainers = new HashSet<string>(StringComparer.Ordinal);
        var names = new Dictionary<string, ToscaNode>(StringComparer.Ordinal);
        var vduNames = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var node in nodes.Values.Where(n => n.Is(ToscaTypes.DeployableUnit) || n.Is(ToscaTypes.Compute)))
        {
            var nameValue = node.Property("name", required: true);
            var name = nameValue?.AsString() ?? node.Name;
            if (nameValue is not null && !names.TryAdd(name, node))
                nameValue.Error($"duplicate VDU name '{name}': node '{names[name].Name}' ({names[name].At("properties.name").Describe()}) has it too");
            vduNames[node.Name] = name;
            var (min, max) = ReadProfile(node);
            var points = connectivity.PointsByVduNode.GetValueOrDefault(node.Name) ?? [];
            var vdu = new PackageVdu { Name = name, Source = VduSource.OsContainers, MinInstances = min, MaxInstances = max, ConnectionPoints = new(points) };
            var nameAt = node.At("properties.name");

            var containers = ContainerNodes(node, nodes);
            usedContainers.UnionWith(containers.Select(c => c.Name));
            // The VDU's connection points expose the pod's network; on a container node the first
            // container publishes their ports (the others run beside it).
            var containerWorkloads = containers.Select((c, i) => Sol001Containers.ToWorkload(context, c,
                containers.Count == 1 ? name : $"{name}-{c.String("name") ?? c.Name}", name, nameAt,
                i == 0 ? connectivity.PortsByVduNode.GetValueOrDefault(node.Name) ?? [] : [], types)).ToList();

            if (charted.TryGetValue(node.Name, out var mciop))
            {
                vdu = FromChart(context, model, vdu, mciop, name, types);
            }
            else if (node.Is(ToscaTypes.Compute))
            {
                vdu = FromManifests(context, model, vdu, node, name);
            }
            else if (containers.Count > 0)
            {
                context.Workloads.AddRange(containerWorkloads);
                vdu = vdu with { Workloads = new(containerWorkloads.Select(w => w.Spec)) };
            }
            else if (node.Requirements.All(r => r.Name != "container"))
            {
                node.Map.Self.Error($"VDU '{node.Name}' has no 'container' requirement and no Mciop associates it (SOL001 §6.8.13): nothing to deploy");
            }
            model.Vdus.Add(vdu);
        }
        foreach (var point in model.ConnectionPoints.ToList())
        {
            if (point.Vdu is { } vduNode && vduNames.TryGetValue(vduNode, out var vduName))
                model.ConnectionPoints[model.ConnectionPoints.IndexOf(point)] = point with { Vdu = vduName };
        }
        foreach (var unused in KubernetesArtifacts.TackerFiles(context).Where(f => model.Manifests.All(m => m.Path != f)))
            context.Note(unused, $"no Vdu.Compute names an object of this file (by properties.name = metadata.name, or as an artifact): it is not deployed");
        foreach (var unused in nodes.Values.Where(n => n.Is(ToscaTypes.OsContainer) && !usedContainers.Contains(n.Name)))
            context.Note(unused.At().Error($"OS container '{unused.Name}' is not used by any VDU (no 'container' requirement points at it)"));
    }

    private static (int Min, int Max) ReadProfile(ToscaNode node)
    {
        var profile = node.Property("vdu_profile", required: node.Is(ToscaTypes.DeployableUnit))?.AsMapping(ProfileKeys);
        if (profile is null) return (1, 1);
        var min = profile.Int32("min_number_of_instances", min: 0, required: true);
        var max = profile.Int32("max_number_of_instances", min: 1, required: true);
        if (min is { } lo && max is { } hi && lo > hi)
            profile.Get("min_number_of_instances")!.Error($"min_number_of_instances ({lo}) is more than max_number_of_instances ({hi})");
        return (min ?? 1, max ?? Math.Max(min ?? 1, 1));
    }

    /// <summary>The OsContainer nodes a VDU's 'container' requirements point at (others reported).</summary>
    private static List<ToscaNode> ContainerNodes(ToscaNode vdu, Dictionary<string, ToscaNode> nodes)
    {
        var containers = new List<ToscaNode>();
        foreach (var requirement in vdu.Requirements.Where(r => r.Name == "container"))
        {
            if (!nodes.TryGetValue(requirement.Target, out var target)) continue; // dangling: reported already
            if (target.Is(ToscaTypes.OsContainer)) containers.Add(target);
            else if (target.BaseType is not null)
                requirement.At.Error($"requirement 'container' must point at a {ToscaTypes.OsContainer}; '{target.Name}' is a {target.BaseType}");
        }
        return containers;
    }

    /// <summary>VDU node → the Mciop that deploys it (checked: associatedVdu present and pointing at VDUs).</summary>
    private static Dictionary<string, ToscaNode> ChartsByVdu(Dictionary<string, ToscaNode> nodes, List<ToscaNode> mciops)
    {
        var byVdu = new Dictionary<string, ToscaNode>(StringComparer.Ordinal);
        foreach (var mciop in mciops)
        {
            var associated = mciop.Requirements.Where(r => r.Name == "associatedVdu").ToList();
            if (associated.Count == 0)
                mciop.Map.Self.Error($"Mciop '{mciop.Name}' needs at least one 'associatedVdu' requirement (SOL001 §6.8.14)");
            foreach (var requirement in associated)
            {
                if (!nodes.TryGetValue(requirement.Target, out var target)) continue;
                if (!target.Is(ToscaTypes.DeployableUnit) && target.BaseType is not null)
                    requirement.At.Error($"requirement 'associatedVdu' must point at a {ToscaTypes.DeployableUnit}; '{target.Name}' is a {target.BaseType}");
                else if (!byVdu.TryAdd(target.Name, mciop))
                    requirement.At.Error($"VDU '{target.Name}' is already associated with Mciop '{byVdu[target.Name].Name}'");
            }
        }
        return byVdu;
    }

    private static PackageVdu FromChart(ReadContext context, DescriptorModel model, PackageVdu vdu, ToscaNode mciop, string name, ToscaTypes types)
    {
        vdu = vdu with { Source = VduSource.HelmChart };
        var artifacts = mciop.Map.Mapping("artifacts", null);
        var charts = (artifacts?.Keys ?? []).Select(k => (Key: k, Value: artifacts!.Get(k)))
            .Where(a => a.Value?.AsMappingOrNull()?.Get("type")?.AsString() is { } t && types.BaseArtifactType(t) == ToscaTypes.HelmChart)
            .ToList();
        if (charts.Count != 1)
        {
            (artifacts?.Self ?? mciop.Map.Self).Error($"Mciop '{mciop.Name}' needs exactly one artifact of type {ToscaTypes.HelmChart}, got {charts.Count}");
            return vdu;
        }
        var file = charts[0].Value!.AsMapping(null)!.Get("file", required: true);
        if (file?.AsString() is not { } reference) return vdu;
        var path = PackageFileSet.Resolve(mciop.Template.File, reference);
        var at = new FieldLocation(mciop.Reader, mciop.Template.File, file.Path);
        if (path is null)
        {
            file.Error($"'{reference}' is not a path inside the package");
            return vdu;
        }
        // One chart can deploy several VDUs; it is rendered once, for the first.
        if (model.Charts.FirstOrDefault(c => c.Source == path) is { } rendered) return vdu with { Chart = rendered.Name };
        if (ChartArtifacts.FromPackage(context, path, name, null, at) is not { } outcome) return vdu;
        model.Charts.Add(outcome.Chart);
        return vdu with { Chart = outcome.Chart.Name, Workloads = new(outcome.Workloads) };
    }

    private static PackageVdu FromManifests(ReadContext context, DescriptorModel model, PackageVdu vdu, ToscaNode node, string name)
    {
        vdu = vdu with { Source = VduSource.KubernetesManifests };
        var paths = new List<string>();
        var artifacts = node.Map.Mapping("artifacts", null);
        foreach (var key in artifacts?.Keys ?? [])
        {
            var value = artifacts!.Get(key)!;
            var file = value.AsMappingOrNull() is { } m ? m.Get("file", required: true) : value;
            if (file?.AsString() is not { } reference) continue;
            var path = PackageFileSet.Resolve(node.Template.File, reference);
            if (path is not null && context.Files.Contains(path)) paths.Add(path);
            else file.Error($"missing artifact: '{reference}' is not in the package");
        }
        if (artifacts is null)
        {
            paths = KubernetesArtifacts.FindByObjectName(context, KubernetesArtifacts.TackerFiles(context), name);
            if (paths.Count == 0)
            {
                var at = node.At("properties.name");
                node.Reader.Report(node.Reader.PositionOf(at.Path), at.Path,
                    $"no Kubernetes object named '{name}' in {KubernetesArtifacts.TackerFolder}/ (a Vdu.Compute's name must equal an object's metadata.name), and the node lists no manifest artifact");
            }
        }
        return vdu with { Workloads = new(KubernetesArtifacts.Translate(context, paths, name, model.Manifests)) };
    }
}
