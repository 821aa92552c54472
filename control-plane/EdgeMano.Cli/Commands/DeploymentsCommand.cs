using System.CommandLine;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>`edgemano deployments list|get NAME|delete NAME`.</summary>
internal static class DeploymentsCommand
{
    public static Command Create(GlobalOptions global, CliHost host)
    {
        var deployments = new Command("deployments", "List, show or delete deployments (create and update them with `edgemano deploy -f FILE`)")
        {
            List(global, host),
            Get(global, host),
            Delete(global, host),
        };
        deployments.Aliases.Add("deployment");
        return deployments;
    }

    private static Command List(GlobalOptions global, CliHost host)
    {
        var command = new Command("list", "List deployments, sorted by name: generation, selector, workloads, nodes placed and unplaced");
        command.Aliases.Add("ls");
        command.SetAction(async (parse, ct) =>
        {
            using var plane = global.Connect(parse, host);
            var answer = await plane.GetAsync("api/v1/deployments", ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"{plane.Display}/api/v1/deployments (is that the plane?)");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var list = PlaneProblems.Read(answer, CliJsonContext.Default.ItemListDeploymentDto, "GET /api/v1/deployments");
            if (list.Items.Count == 0)
                await host.Error.WriteLineAsync("No deployments found.").ConfigureAwait(false);
            else
                await host.Out.WriteAsync(DeploymentTables.List(list.Items, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment's name");
        var command = new Command("get", "Show one deployment: its row, workloads, the nodes it is on and why it is not on others") { name };
        command.SetAction(async (parse, ct) =>
        {
            var value = parse.GetValue(name)!;
            using var plane = global.Connect(parse, host);
            var answer = await plane.GetAsync("api/v1/deployments/" + value, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"deployment '{value}'");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var dto = PlaneProblems.Read(answer, CliJsonContext.Default.DeploymentDto, $"GET /api/v1/deployments/{value}");
            await host.Out.WriteAsync(DeploymentTables.Get(dto, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment to delete; its workloads are removed from every node it was on");
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Succeed (exit 0) when the deployment does not exist" };
        var command = new Command("delete", "Delete a deployment: the plane removes its workloads from the nodes' desired state") { name, ignoreNotFound };
        command.SetAction(async (parse, ct) =>
        {
            var value = parse.GetValue(name)!;
            using var plane = global.Connect(parse, host);
            var answer = await plane.DeleteAsync("api/v1/deployments/" + value, ct).ConfigureAwait(false);
            if (answer.Status == 404 && parse.GetValue(ignoreNotFound)) return ExitCodes.Ok;
            PlaneProblems.EnsureSuccess(answer, $"deployment '{value}'");
            await host.Out.WriteLineAsync($"deployment/{value} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
