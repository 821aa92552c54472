using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Packages.Archives;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Tosca;

/// <summary>
/// Vdu.OsContainer (SOL001 §6.8.12) → one container workload: the image is the <c>file</c> of
/// its sw_image artifact (tosca.artifacts.nfv.SwImage); CPU from requested_cpu_resources /
/// cpu_resource_limit (milli-CPUs), memory from requested_memory_resources / memory_resource_limit
/// (scalar-unit.size); the limit wins, the request when there is none. The EdgeMano extension
/// properties <c>command</c>, <c>args</c> (lists) and <c>env</c> (map) say what runs.
/// </summary>
internal static class Sol001Containers
{
    public static WorkloadOrigin ToWorkload(ReadContext context, ToscaNode container, string workloadName, string vdu,
        FieldLocation nameAt, IReadOnlyList<BoundPort> ports, ToscaTypes types)
    {
        container.String("name", required: true);
        var (image, imageAt) = ReadImage(context, container, types);
        var cpus = Limit(container, "requested_cpu_resources", "cpu_resource_limit", ReadMilliCpu);
        var memory = Limit(container, "requested_memory_resources", "memory_resource_limit", ReadSize);
        var spec = new WorkloadSpec
        {
            Name = workloadName,
            Kind = WorkloadKind.Container,
            Image = image,
            Command = new(container.Property("command")?.AsStringList() ?? []),
            Args = new(container.Property("args")?.AsStringList() ?? []),
            Env = new(container.Property("env")?.AsStringMap() ?? []),
            Ports = new(ports.Select(p => p.Port)),
            Resources = new ResourceLimits { Cpus = cpus.Value / 1000.0, MemoryBytes = memory.Value },
        };
        var cpuAt = cpus.At ?? container.At();
        var memoryAt = memory.At ?? container.At();
        FieldLocation Locate(string field)
        {
            if (field.StartsWith("name", StringComparison.Ordinal)) return nameAt;
            if (field.StartsWith("image", StringComparison.Ordinal)) return imageAt;
            if (field.StartsWith("resources.cpus", StringComparison.Ordinal)) return cpuAt;
            if (field.StartsWith("resources.memory", StringComparison.Ordinal)) return memoryAt;
            if (field.StartsWith("ports[", StringComparison.Ordinal) && int.TryParse(field[6..field.IndexOf(']')], out var i) && i < ports.Count)
                return ports[i].At;
            foreach (var property in new[] { "command", "args", "env" })
            {
                if (field.StartsWith(property, StringComparison.Ordinal)) return container.At("properties." + field);
            }
            return container.At();
        }
        return new WorkloadOrigin(vdu, spec, Locate);
    }

    private static (string Image, FieldLocation At) ReadImage(ReadContext context, ToscaNode container, ToscaTypes types)
    {
        var artifacts = container.Map.Mapping("artifacts", null);
        var images = new List<(string Name, YamlValue Value)>();
        foreach (var name in artifacts?.Keys ?? [])
        {
            var value = artifacts!.Get(name);
            if (value is null) continue;
            var type = value.AsMappingOrNull()?.Get("type")?.AsString();
            var isImage = type is not null ? types.BaseArtifactType(type) == ToscaTypes.SwImage : name == "sw_image";
            if (type is not null && name == "sw_image" && !isImage)
                value.AsMapping(null)!.Get("type")!.Error($"the sw_image artifact must be of type {ToscaTypes.SwImage}, got '{type}'");
            if (isImage) images.Add((name, value));
        }
        if (images.Count != 1)
        {
            var where = artifacts?.Self ?? container.Map.Self;
            where.Error(images.Count == 0
                ? $"an OS container needs one sw_image artifact ({ToscaTypes.SwImage}) whose file is the image reference, e.g. local/busybox:1"
                : $"an OS container has one sw_image artifact, got {images.Count}: {string.Join(", ", images.Select(i => i.Name))}");
            return ("", container.At("artifacts"));
        }
        var image = images[0].Value;
        var file = image.Node is YamlDotNet.RepresentationModel.YamlScalarNode ? image : image.AsMapping(null)?.Get("file", required: true);
        var reference = file?.AsString() ?? "";
        var at = new FieldLocation(container.Reader, container.Template.File, file?.Path ?? image.Path);
        if (file is not null && PackageFileSet.Resolve(container.Template.File, reference) is { } path && context.Files.Contains(path))
            file.Error($"'{reference}' is an image file in the package; EdgeMano does not load image archives yet: give an image reference such as registry/name:tag");
        return (reference, at);
    }

    private readonly record struct Amount(long Value, FieldLocation? At);

    private delegate long? ReadAmount(YamlValue value);

    /// <summary>The limit if given, else the request; a request above the limit is an error.</summary>
    private static Amount Limit(ToscaNode container, string requestKey, string limitKey, ReadAmount read)
    {
        var requestValue = container.Property(requestKey);
        var limitValue = container.Property(limitKey);
        var request = requestValue is null ? null : read(requestValue);
        var limit = limitValue is null ? null : read(limitValue);
        if (request is { } r && limit is { } l && r > l)
            requestValue!.Error($"{requestKey} ({requestValue.AsString()}) is more than {limitKey} ({limitValue!.AsString()})");
        if (limit is { } chosen) return new Amount(chosen, container.At("properties." + limitKey));
        if (request is { } fallback) return new Amount(fallback, container.At("properties." + requestKey));
        return new Amount(0, null);
    }

    private static long? ReadMilliCpu(YamlValue value) => Parse(value, ToscaScalars.TryParseMilliCpu);

    private static long? ReadSize(YamlValue value) => Parse(value, ToscaScalars.TryParseSize);

    private delegate string? TryParse(string text, out long result);

    private static long? Parse(YamlValue value, TryParse parse)
    {
        if (value.AsString() is not { } text) return null;
        var problem = parse(text, out var result);
        if (problem is null) return result;
        value.Error(problem);
        return null;
    }
}

internal static class YamlValueExtensions
{
    /// <summary>The value as a mapping when it is one; null (without an error) otherwise.</summary>
    public static YamlMapping? AsMappingOrNull(this YamlValue value) =>
        value.Node is YamlDotNet.RepresentationModel.YamlMappingNode ? value.AsMapping(null) : null;
}
