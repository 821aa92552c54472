using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>`edgemano status NODE`: presence, revisions, the workload table and recent events.</summary>
internal static class StatusCommand
{
    public const int EventLimit = 10;

    public static Command Create(GlobalOptions global, CliHost host)
    {
        var node = Arguments.NodeId("The node's id");
        var command = new Command("status", $"Show one node's presence, desired/observed revision, workloads (phase, health, restarts, last error) and its last {EventLimit} events") { node };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(node)!;
            var escaped = Uri.EscapeDataString(id);
            using var plane = global.Connect(parse, host);
            var nodeAnswer = await plane.GetAsync($"api/v1/nodes/{escaped}", ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(nodeAnswer, $"node '{id}'");
            var eventsAnswer = await plane.GetAsync($"api/v1/nodes/{escaped}/events?limit={EventLimit.ToString(CultureInfo.InvariantCulture)}", ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(eventsAnswer, $"node '{id}'");

            var format = global.FormatOf(parse);
            if (format != OutputFormat.Table)
            {
                var combined = Combine(nodeAnswer.Body, eventsAnswer.Body);
                await Printer.TryPrintRawAsync(host, format, combined).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var dto = PlaneProblems.Read(nodeAnswer, CliJsonContext.Default.NodeDto, $"GET /api/v1/nodes/{id}");
            var events = PlaneProblems.Read(eventsAnswer, CliJsonContext.Default.ItemListEventDto, $"GET /api/v1/nodes/{id}/events");
            await host.Out.WriteAsync(NodeTables.Status(dto, events.Items, EventLimit, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>{"node": the node as the plane sent it, "events": the items of its events answer}.</summary>
    internal static byte[] Combine(byte[] node, byte[] events)
    {
        using var nodeDocument = JsonOutput.Parse(node);
        using var eventsDocument = JsonOutput.Parse(events);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("node");
            nodeDocument.RootElement.WriteTo(writer);
            writer.WritePropertyName("events");
            if (eventsDocument.RootElement.ValueKind == JsonValueKind.Object && eventsDocument.RootElement.TryGetProperty("items", out var items))
                items.WriteTo(writer);
            else
                eventsDocument.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
