using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Yaml;

/// <summary>
/// Reads one entry of <c>workloads</c>. A field that cannot be read is reported and left at its
/// default, so the rest of the entry is still read and checked; the caller knows which paths
/// failed and the validator skips rules about them.
/// </summary>
public static class WorkloadYamlReader
{
    private static readonly string[] Keys =
        ["name", "kind", "image", "command", "args", "env", "ports", "mounts", "resources", "restart", "health", "labels", "workingDir", "network", "networks", "hosts"];

    private static readonly string[] Kinds = ["container", "process"];

    public static WorkloadSpec Read(YamlValue item)
    {
        var m = item.AsMapping(Keys);
        if (m is null) return new WorkloadSpec { Name = "", Kind = WorkloadKind.Container };

        return new WorkloadSpec
        {
            Name = m.String("name", required: true) ?? "",
            Kind = m.OneOf("kind", Kinds, required: true) == "process" ? WorkloadKind.Process : WorkloadKind.Container,
            Image = m.String("image") ?? "",
            Command = List(m.StringList("command")),
            Args = List(m.StringList("args")),
            Env = Map(m.StringMap("env")),
            Ports = List(m.List("ports")?.Select(WorkloadPartsYamlReader.ReadPort)),
            Mounts = List(m.List("mounts")?.Select(WorkloadPartsYamlReader.ReadMount)),
            Resources = WorkloadPartsYamlReader.ReadResources(m.Get("resources")),
            Restart = WorkloadPartsYamlReader.ReadRestart(m.Get("restart")),
            Health = WorkloadPartsYamlReader.ReadHealth(m.Get("health")),
            Labels = Map(m.StringMap("labels")),
            WorkingDir = m.String("workingDir") ?? "",
            Network = m.String("network") ?? "",
            Networks = List(m.List("networks")?.Select(WorkloadPartsYamlReader.ReadNetwork)),
            Hosts = Map(m.StringMap("hosts")),
        };
    }

    private static ValueList<T> List<T>(IEnumerable<T>? items) => items is null ? ValueList<T>.Empty : new ValueList<T>(items);

    private static ValueMap Map(IReadOnlyList<KeyValuePair<string, string>>? items) =>
        items is null ? ValueMap.Empty : new ValueMap(items);
}
