using EdgeMano.Agent.Core.Model;
using Google.Protobuf.WellKnownTypes;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Store.Mapping;

/// <summary>
/// Maps desired state between the Core model and its wire form (edgemano.v1.DesiredState), by hand
/// so no reflection is involved. Core to proto writes every field explicitly; proto to Core reads a
/// proto3 zero value ("" / 0 / absent message) as "not given" and takes the Core default there,
/// since proto3 cannot tell the two apart (e.g. protocol "" means "tcp", failure_threshold 0 means 3).
/// Invalid input (unspecified kind, out-of-range port) throws <see cref="FormatException"/> naming
/// the workload and field.
/// </summary>
public static class DesiredStateProtoMapper
{
    public static Wire.DesiredState ToProto(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var message = new Wire.DesiredState
        {
            NodeId = state.NodeId,
            Revision = state.Revision,
            Source = state.Source,
            // default(DateTimeOffset) is "never issued": leave the field absent rather than year 1.
            IssuedAt = state.IssuedAt == default ? null : Timestamp.FromDateTimeOffset(state.IssuedAt),
        };
        message.Workloads.AddRange(state.Workloads.Select(ToProto));
        return message;
    }

    public static DesiredState FromProto(Wire.DesiredState message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new DesiredState
        {
            NodeId = message.NodeId,
            Revision = message.Revision,
            Source = message.Source,
            IssuedAt = message.IssuedAt?.ToDateTimeOffset() ?? default,
            Workloads = new ValueList<WorkloadSpec>(message.Workloads.Select(FromProto)),
        };
    }

    public static Wire.Workload ToProto(WorkloadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var workload = new Wire.Workload
        {
            Name = spec.Name,
            Kind = spec.Kind switch
            {
                WorkloadKind.Container => Wire.WorkloadKind.Container,
                WorkloadKind.Process => Wire.WorkloadKind.Process,
                _ => throw Invalid(spec.Name, "kind", spec.Kind.ToString()),
            },
            Image = spec.Image,
            Resources = new Wire.Resources { Cpus = spec.Resources.Cpus, MemoryBytes = spec.Resources.MemoryBytes },
            Restart = ToProto(spec.Restart),
            Health = spec.Health is null ? null : ToProto(spec.Name, spec.Health),
            WorkingDir = spec.WorkingDir,
            Network = spec.Network,
        };
        workload.Command.AddRange(spec.Command);
        workload.Args.AddRange(spec.Args);
        foreach (var (key, value) in spec.Env) workload.Env.Add(key, value);
        foreach (var (key, value) in spec.Labels) workload.Labels.Add(key, value);
        workload.Ports.AddRange(spec.Ports.Select(p => new Wire.PortMapping
        {
            ContainerPort = ToUInt(spec.Name, "ports.container_port", p.ContainerPort),
            HostPort = ToUInt(spec.Name, "ports.host_port", p.HostPort),
            Protocol = p.Protocol,
            HostIp = p.HostIp,
        }));
        workload.Mounts.AddRange(spec.Mounts.Select(m => new Wire.Mount { Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly }));
        foreach (var network in spec.Networks)
        {
            var attachment = new Wire.NetworkAttachment { Name = network.Name };
            attachment.Aliases.AddRange(network.Aliases);
            workload.Networks.Add(attachment);
        }
        foreach (var (host, address) in spec.Hosts) workload.Hosts.Add(host, address);
        return workload;
    }

    public static WorkloadSpec FromProto(Wire.Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var name = workload.Name;
        return new WorkloadSpec
        {
            Name = name,
            Kind = workload.Kind switch
            {
                Wire.WorkloadKind.Container => WorkloadKind.Container,
                Wire.WorkloadKind.Process => WorkloadKind.Process,
                _ => throw Invalid(name, "kind", workload.Kind.ToString()),
            },
            Image = workload.Image,
            Command = new ValueList<string>(workload.Command),
            Args = new ValueList<string>(workload.Args),
            Env = new ValueMap(workload.Env),
            Ports = new ValueList<PortMapping>(workload.Ports.Select(p => FromProto(name, p))),
            Mounts = new ValueList<MountSpec>(workload.Mounts.Select(m => new MountSpec { Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly })),
            Resources = workload.Resources is null
                ? ResourceLimits.None
                : new ResourceLimits { Cpus = workload.Resources.Cpus, MemoryBytes = workload.Resources.MemoryBytes },
            Restart = workload.Restart is null ? RestartSpec.Default : FromProto(name, workload.Restart),
            Health = workload.Health is null ? null : FromProto(name, workload.Health),
            Labels = new ValueMap(workload.Labels),
            WorkingDir = workload.WorkingDir,
            Network = workload.Network,
            // Empty stays the shared Empty instance: the same model as a spec written without these fields.
            Networks = workload.Networks.Count == 0
                ? ValueList<NetworkAttachment>.Empty
                : new ValueList<NetworkAttachment>(workload.Networks.Select(n => new NetworkAttachment { Name = n.Name, Aliases = new ValueList<string>(n.Aliases) })),
            Hosts = workload.Hosts.Count == 0 ? ValueMap.Empty : new ValueMap(workload.Hosts),
        };
    }

    private static Wire.RestartPolicy ToProto(RestartSpec restart) => new()
    {
        Mode = restart.Mode switch
        {
            RestartMode.Always => Wire.RestartMode.Always,
            RestartMode.OnFailure => Wire.RestartMode.OnFailure,
            RestartMode.Never => Wire.RestartMode.Never,
            _ => Wire.RestartMode.Unspecified,
        },
        MaxRetries = restart.MaxRetries,
        BackoffUnit = Duration.FromTimeSpan(restart.BackoffUnit),
        BackoffCap = Duration.FromTimeSpan(restart.BackoffCap),
        HealthyReset = Duration.FromTimeSpan(restart.HealthyReset),
    };

    private static RestartSpec FromProto(string workload, Wire.RestartPolicy policy)
    {
        var defaults = RestartSpec.Default;
        return new RestartSpec
        {
            Mode = policy.Mode switch
            {
                Wire.RestartMode.Unspecified or Wire.RestartMode.Always => RestartMode.Always,
                Wire.RestartMode.OnFailure => RestartMode.OnFailure,
                Wire.RestartMode.Never => RestartMode.Never,
                _ => throw Invalid(workload, "restart.mode", policy.Mode.ToString()),
            },
            MaxRetries = policy.MaxRetries,
            BackoffUnit = policy.BackoffUnit?.ToTimeSpan() ?? defaults.BackoffUnit,
            BackoffCap = policy.BackoffCap?.ToTimeSpan() ?? defaults.BackoffCap,
            HealthyReset = policy.HealthyReset?.ToTimeSpan() ?? defaults.HealthyReset,
        };
    }

    private static Wire.HealthProbe ToProto(string workload, HealthProbeSpec health)
    {
        var probe = new Wire.HealthProbe
        {
            Kind = health.Kind switch
            {
                ProbeKind.Http => Wire.ProbeKind.Http,
                ProbeKind.Tcp => Wire.ProbeKind.Tcp,
                ProbeKind.Exec => Wire.ProbeKind.Exec,
                _ => throw Invalid(workload, "health.kind", health.Kind.ToString()),
            },
            Path = health.Path,
            Port = ToUInt(workload, "health.port", health.Port),
            Period = Duration.FromTimeSpan(health.Period),
            Timeout = Duration.FromTimeSpan(health.Timeout),
            FailureThreshold = health.FailureThreshold,
            InitialDelay = Duration.FromTimeSpan(health.InitialDelay),
        };
        probe.Command.AddRange(health.Command);
        return probe;
    }

    private static HealthProbeSpec FromProto(string workload, Wire.HealthProbe probe)
    {
        var defaults = new HealthProbeSpec
        {
            Kind = probe.Kind switch
            {
                Wire.ProbeKind.Http => ProbeKind.Http,
                Wire.ProbeKind.Tcp => ProbeKind.Tcp,
                Wire.ProbeKind.Exec => ProbeKind.Exec,
                _ => throw Invalid(workload, "health.kind", probe.Kind.ToString()),
            },
        };
        return defaults with
        {
            Path = probe.Path.Length == 0 ? defaults.Path : probe.Path,
            Port = ToInt(workload, "health.port", probe.Port),
            Command = new ValueList<string>(probe.Command),
            Period = probe.Period?.ToTimeSpan() ?? defaults.Period,
            Timeout = probe.Timeout?.ToTimeSpan() ?? defaults.Timeout,
            FailureThreshold = probe.FailureThreshold == 0 ? defaults.FailureThreshold : probe.FailureThreshold,
            InitialDelay = probe.InitialDelay?.ToTimeSpan() ?? defaults.InitialDelay,
        };
    }

    private static PortMapping FromProto(string workload, Wire.PortMapping port)
    {
        var mapping = new PortMapping
        {
            ContainerPort = ToInt(workload, "ports.container_port", port.ContainerPort),
            HostPort = ToInt(workload, "ports.host_port", port.HostPort),
            HostIp = port.HostIp,
        };
        return port.Protocol.Length == 0 ? mapping : mapping with { Protocol = port.Protocol };
    }

    private static uint ToUInt(string workload, string field, int value) =>
        value >= 0 ? (uint)value : throw Invalid(workload, field, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int ToInt(string workload, string field, uint value) =>
        value <= int.MaxValue ? (int)value : throw Invalid(workload, field, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static FormatException Invalid(string workload, string field, string value) =>
        new($"desired state: workload '{workload}': invalid {field} '{value}'");
}
