using System.Globalization;
using EdgeMano.Agent.Core.Model;
using YamlDotNet.RepresentationModel;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>Readers for the nested parts of a workload: ports, mounts, networks, resources, restart, health.</summary>
internal static class WorkloadPartsYamlReader
{
    private static readonly string[] PortKeys = ["containerPort", "hostPort", "protocol", "hostIp"];
    private static readonly string[] MountKeys = ["source", "target", "readOnly"];
    private static readonly string[] NetworkKeys = ["name", "aliases"];
    private static readonly string[] ResourceKeys = ["cpus", "memory"];
    private static readonly string[] RestartKeys = ["policy", "maxRetries", "backoffUnit", "backoffCap", "healthyReset"];
    private static readonly string[] Policies = ["always", "on-failure", "never"];
    private static readonly string[] HealthKeys = ["http", "tcp", "exec", "period", "timeout", "failureThreshold", "initialDelay"];
    private static readonly string[] ProbeKinds = ["http", "tcp", "exec"];
    private static readonly string[] HttpKeys = ["path", "port"];
    private static readonly string[] TcpKeys = ["port"];
    private static readonly string[] ExecKeys = ["command"];

    /// <summary>A mapping, or the short form "8080", "18080:8080", "18080:8080/udp", "127.0.0.1:18080:8080".</summary>
    public static PortMapping ReadPort(YamlValue item)
    {
        if (item.Node is YamlScalarNode)
            return ParseShortPort(item) ?? new PortMapping { ContainerPort = 0 };
        var m = item.AsMapping(PortKeys);
        if (m is null) return new PortMapping { ContainerPort = 0 };
        return new PortMapping
        {
            ContainerPort = m.Int32("containerPort", required: true) ?? 0,
            HostPort = m.Int32("hostPort") ?? 0,
            Protocol = m.String("protocol") ?? "tcp",
            HostIp = m.String("hostIp") ?? "",
        };
    }

    private static PortMapping? ParseShortPort(YamlValue item)
    {
        var text = item.AsString() ?? "";
        var protocol = "tcp";
        var slash = text.IndexOf('/');
        var ports = text;
        if (slash >= 0) { protocol = text[(slash + 1)..]; ports = text[..slash]; }
        var parts = ports.Split(':');
        var hostIp = parts.Length == 3 ? parts[0] : "";
        var numbers = parts.Length == 3 ? parts[1..] : parts;
        if (parts.Length > 3 || numbers.Any(n => ScalarParsers.TryParseInt64(n, out var v) is not null || v is < int.MinValue or > int.MaxValue))
        {
            item.Error($"expected a port like 8080, 18080:8080, 18080:8080/udp or 127.0.0.1:18080:8080, or a mapping with containerPort, got '{text}'");
            return null;
        }
        var container = int.Parse(numbers[^1], CultureInfo.InvariantCulture);
        var host = numbers.Length == 2 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 0;
        return new PortMapping { ContainerPort = container, HostPort = host, Protocol = protocol, HostIp = hostIp };
    }

    public static MountSpec ReadMount(YamlValue item)
    {
        var m = item.AsMapping(MountKeys);
        if (m is null) return new MountSpec { Source = "/", Target = "/" };
        return new MountSpec
        {
            Source = m.String("source", required: true) ?? "/",
            Target = m.String("target", required: true) ?? "/",
            ReadOnly = m.Bool("readOnly") ?? false,
        };
    }

    /// <summary>A mapping {name, aliases}, or the short form "ns1-link" (a network joined without aliases).</summary>
    public static NetworkAttachment ReadNetwork(YamlValue item)
    {
        if (item.Node is YamlScalarNode) return new NetworkAttachment { Name = item.AsString() ?? "" };
        var m = item.AsMapping(NetworkKeys);
        if (m is null) return new NetworkAttachment { Name = "" };
        return new NetworkAttachment
        {
            Name = m.String("name", required: true) ?? "",
            Aliases = new ValueList<string>(m.StringList("aliases") ?? []),
        };
    }

    public static ResourceLimits ReadResources(YamlValue? value)
    {
        if (value?.AsMapping(ResourceKeys) is not { } m) return ResourceLimits.None;
        return new ResourceLimits { Cpus = m.Cpu("cpus") ?? 0, MemoryBytes = m.ByteSize("memory") ?? 0 };
    }

    public static RestartSpec ReadRestart(YamlValue? value)
    {
        if (value?.AsMapping(RestartKeys) is not { } m) return RestartSpec.Default;
        var d = RestartSpec.Default;
        return new RestartSpec
        {
            Mode = m.OneOf("policy", Policies) switch
            {
                "on-failure" => RestartMode.OnFailure,
                "never" => RestartMode.Never,
                _ => RestartMode.Always,
            },
            MaxRetries = m.Int32("maxRetries") ?? d.MaxRetries,
            BackoffUnit = m.Duration("backoffUnit") ?? d.BackoffUnit,
            BackoffCap = m.Duration("backoffCap") ?? d.BackoffCap,
            HealthyReset = m.Duration("healthyReset") ?? d.HealthyReset,
        };
    }

    /// <summary>Exactly one of http, tcp or exec, plus the timing fields shared by all three.</summary>
    public static HealthProbeSpec? ReadHealth(YamlValue? value)
    {
        if (value?.AsMapping(HealthKeys) is not { } m) return null;
        var present = ProbeKinds.Where(m.Has).ToList();
        if (present.Count != 1)
        {
            m.Self.Error(present.Count == 0
                ? "expected one probe: http, tcp or exec"
                : $"expected one probe, got {string.Join(" and ", present)}; keep one of them");
            return null;
        }
        var kind = present[0];
        var probe = m.Mapping(kind, kind switch { "http" => HttpKeys, "tcp" => TcpKeys, _ => ExecKeys });
        var d = new HealthProbeSpec { Kind = ProbeKind.Http };
        return new HealthProbeSpec
        {
            Kind = kind switch { "http" => ProbeKind.Http, "tcp" => ProbeKind.Tcp, _ => ProbeKind.Exec },
            Path = probe?.String("path") ?? d.Path,
            Port = kind == "exec" ? 0 : probe?.Int32("port", required: true) ?? 0,
            Command = probe is not null && kind == "exec"
                ? new ValueList<string>(probe.StringList("command", required: true) ?? [])
                : ValueList<string>.Empty,
            Period = m.Duration("period") ?? d.Period,
            Timeout = m.Duration("timeout") ?? d.Timeout,
            FailureThreshold = m.Int32("failureThreshold") ?? d.FailureThreshold,
            InitialDelay = m.Duration("initialDelay") ?? d.InitialDelay,
        };
    }
}
