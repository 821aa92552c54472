using System.Globalization;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>Turns a workload spec into a create request and an inspected container into an observation.</summary>
internal static class DockerContainerMapper
{
    public static CreateContainerRequest ToCreateRequest(WorkloadSpec spec, string specHash, string nodeId, TimeSpan stopGrace)
    {
        // The spec's labels first, ours last: a spec cannot claim or disown ownership.
        var labels = spec.Labels.ToDictionary(l => l.Key, l => l.Value);
        labels[DockerNaming.ManagedLabel] = "true";
        labels[DockerNaming.NodeLabel] = nodeId;
        labels[DockerNaming.WorkloadLabel] = spec.Name;
        labels[DockerNaming.SpecHashLabel] = specHash;

        // With networks, the first is joined at create (API 1.41 takes one); the runtime connects the rest before start.
        var network = spec.Networks.Count > 0 ? spec.Networks[0].Name
            : string.IsNullOrEmpty(spec.Network) ? "bridge" : spec.Network;
        var exposed = new Dictionary<string, EmptyObject>();
        var bindings = new Dictionary<string, List<PortBinding>>();
        foreach (var port in spec.Ports)
        {
            var key = PortKey(port);
            exposed[key] = new EmptyObject();
            if (!bindings.TryGetValue(key, out var list)) bindings[key] = list = [];
            list.Add(new PortBinding
            {
                HostIp = string.IsNullOrEmpty(port.HostIp) ? "0.0.0.0" : port.HostIp,
                HostPort = port.EffectiveHostPort.ToString(CultureInfo.InvariantCulture),
            });
        }

        return new CreateContainerRequest
        {
            Image = spec.Image,
            Entrypoint = spec.Command.Count > 0 ? [.. spec.Command] : null,
            Cmd = spec.Args.Count > 0 ? [.. spec.Args] : null,
            Env = spec.Env.Count > 0 ? [.. spec.Env.Select(e => e.Key + "=" + e.Value)] : null,
            WorkingDir = string.IsNullOrEmpty(spec.WorkingDir) ? null : spec.WorkingDir,
            Labels = labels,
            ExposedPorts = exposed.Count > 0 ? exposed : null,
            StopTimeout = (int)Math.Ceiling(stopGrace.TotalSeconds),
            HostConfig = new CreateHostConfig
            {
                // The host network has no port mapping; the Engine would only warn and drop them.
                PortBindings = bindings.Count > 0 && network != "host" ? bindings : null,
                Mounts = spec.Mounts.Count > 0
                    ? [.. spec.Mounts.Select(m => new MountRequest { Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly })]
                    : null,
                Memory = spec.Resources.MemoryBytes > 0 ? spec.Resources.MemoryBytes : null,
                NanoCpus = spec.Resources.Cpus > 0 ? (long)Math.Round(spec.Resources.Cpus * 1e9) : null,
                NetworkMode = network,
                // An init as PID 1 forwards SIGTERM: a bare shell or sleep as PID 1 ignores it and waits out the grace.
                Init = true,
                // The agent restarts by its own policy and backoff; the Engine must not race it.
                RestartPolicy = new RestartPolicy { Name = "no" },
                ExtraHosts = spec.Hosts.Count > 0 ? [.. spec.Hosts.Select(h => h.Key + ":" + h.Value)] : null,
            },
            NetworkingConfig = spec.Networks.Count > 0
                ? new NetworkingConfig { EndpointsConfig = new() { [network] = Endpoint(spec.Networks[0]) } }
                : null,
        };
    }

    /// <summary>The workload's place on one network: the DNS names it answers to there.</summary>
    public static EndpointSettings Endpoint(NetworkAttachment attachment) =>
        new() { Aliases = attachment.Aliases.Count > 0 ? [.. attachment.Aliases] : null };

    /// <summary>Null when the container lacks our workload label (not something this driver made).</summary>
    public static ObservedWorkload? ToObserved(ContainerInspect container, string runtimeName)
    {
        var labels = container.Config?.Labels;
        if (labels is null || !labels.TryGetValue(DockerNaming.WorkloadLabel, out var workload)) return null;
        var state = ToState(container.State?.Status);
        return new ObservedWorkload
        {
            Name = workload,
            RuntimeId = container.Id,
            Runtime = runtimeName,
            SpecHash = labels.GetValueOrDefault(DockerNaming.SpecHashLabel, ""),
            State = state,
            ExitCode = state == InstanceState.Exited ? container.State?.ExitCode : null,
            StartedAt = ParseTime(container.State?.StartedAt),
            FinishedAt = ParseTime(container.State?.FinishedAt),
            HostPorts = HostPorts(container),
        };
    }

    public static InstanceState ToState(string? status) => status switch
    {
        "running" => InstanceState.Running,
        "exited" or "dead" => InstanceState.Exited,
        "created" => InstanceState.Created,
        _ => InstanceState.Unknown,
    };

    /// <summary>Docker writes RFC 3339 with nanoseconds and year 1 for "never"; .NET parses at most 7 fraction digits.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.StartsWith("0001-", StringComparison.Ordinal)) return null;
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    private static Dictionary<int, int> HostPorts(ContainerInspect container)
    {
        var ports = new Dictionary<int, int>();
        if (container.HostConfig?.NetworkMode == "host")
        {
            // On the host network a container port is the node port.
            foreach (var key in container.Config?.ExposedPorts?.Keys ?? Enumerable.Empty<string>())
                if (ContainerPort(key) is { } port) ports.TryAdd(port, port);
            return ports;
        }
        foreach (var (key, bindings) in container.HostConfig?.PortBindings ?? [])
        {
            if (ContainerPort(key) is not { } port) continue;
            var published = bindings?.Select(b => int.TryParse(b.HostPort, CultureInfo.InvariantCulture, out var p) ? p : 0).FirstOrDefault(p => p > 0) ?? 0;
            if (published > 0) ports.TryAdd(port, published);
        }
        return ports;
    }

    private static string PortKey(PortMapping port) =>
        $"{port.ContainerPort}/{(string.IsNullOrEmpty(port.Protocol) ? "tcp" : port.Protocol.ToLowerInvariant())}";

    private static int? ContainerPort(string key)
    {
        var slash = key.IndexOf('/');
        return int.TryParse(slash < 0 ? key : key[..slash], CultureInfo.InvariantCulture, out var port) ? port : null;
    }
}
