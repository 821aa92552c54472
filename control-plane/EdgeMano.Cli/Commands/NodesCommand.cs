using System.CommandLine;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>`edgemano nodes list [--selector k=v,...]` and `edgemano nodes get NODE`.</summary>
internal static class NodesCommand
{
    public static Command Create(GlobalOptions global, CliHost host)
    {
        var nodes = new Command("nodes", "List the fleet's nodes or show one (a node registers itself when its agent first reports)")
        {
            List(global, host),
            Get(global, host),
        };
        nodes.Aliases.Add("node");
        return nodes;
    }

    private static Command List(GlobalOptions global, CliHost host)
    {
        var selector = new Option<string?>("--selector", "-l")
        {
            Description = "Only nodes whose labels match all of k=v[,k2=v2...]",
            HelpName = "SELECTOR",
        };
        selector.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && Arguments.SelectorProblem(value) is { } problem)
                result.AddError($"--selector: {problem}");
        });
        var command = new Command("list", "List nodes, sorted by id: presence, sync state, revisions, running workloads, labels") { selector };
        command.Aliases.Add("ls");
        command.SetAction(async (parse, ct) =>
        {
            using var plane = global.Connect(parse, host);
            var filter = parse.GetValue(selector)?.Trim() is { Length: > 0 } s ? s : null;
            var query = filter is null ? "" : "?selector=" + Uri.EscapeDataString(filter);
            var answer = await plane.GetAsync("api/v1/nodes" + query, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"{plane.Display}/api/v1/nodes (is that the plane?)");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var list = PlaneProblems.Read(answer, CliJsonContext.Default.ItemListNodeDto, "GET /api/v1/nodes");
            if (list.Items.Count == 0)
                await host.Error.WriteLineAsync(filter is null ? "No nodes found." : "No nodes match the selector.").ConfigureAwait(false);
            else
                await host.Out.WriteAsync(NodeTables.Nodes(list.Items, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(GlobalOptions global, CliHost host)
    {
        var node = Arguments.NodeId("The node's id");
        var command = new Command("get", "Show one node (-o yaml for every field; `edgemano status NODE` for its workloads and events)") { node };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(node)!;
            using var plane = global.Connect(parse, host);
            var answer = await plane.GetAsync("api/v1/nodes/" + Uri.EscapeDataString(id), ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"node '{id}'");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var dto = PlaneProblems.Read(answer, CliJsonContext.Default.NodeDto, $"GET /api/v1/nodes/{id}");
            await host.Out.WriteAsync(NodeTables.Nodes([dto], host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
