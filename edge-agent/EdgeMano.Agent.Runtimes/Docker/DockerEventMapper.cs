using System.Globalization;
using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>Maps one line of the Engine's event stream to a runtime event, or null if it does not matter.</summary>
internal static class DockerEventMapper
{
    public static RuntimeEvent? ToRuntimeEvent(string line, string nodeId)
    {
        EngineEvent? e;
        try
        {
            e = JsonSerializer.Deserialize(line, DockerJsonContext.Default.EngineEvent);
        }
        catch (JsonException)
        {
            return null;
        }
        // Container event attributes carry the container's labels: the ownership check works here too.
        var attributes = e?.Actor?.Attributes;
        if (e?.Type != "container" || !DockerNaming.IsOwnedBy(attributes, nodeId)
            || !attributes!.TryGetValue(DockerNaming.WorkloadLabel, out var workload))
            return null;
        return e.Action switch
        {
            "die" => new RuntimeEvent(workload, e.Actor!.ID, RuntimeEventKind.Exited, ExitCode(attributes)),
            "start" => new RuntimeEvent(workload, e.Actor!.ID, RuntimeEventKind.Started),
            "destroy" => new RuntimeEvent(workload, e.Actor!.ID, RuntimeEventKind.Removed),
            _ => null,
        };
    }

    private static int? ExitCode(Dictionary<string, string> attributes) =>
        attributes.TryGetValue("exitCode", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var code) ? code : null;
}
