using System.CommandLine;
using System.Text;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Deploy;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// `edgemano deploy -f FILE`: creates or updates the deployment named in the file. The file is sent
/// as-is (application/yaml, PUT /api/v1/deployments/{name}) so that the plane's errors carry lines
/// and columns of this file; they are printed as FILE:LINE:COL: path: message.
/// </summary>
internal static class DeployCommand
{
    private const string ContentType = "application/yaml";

    public static Command Create(GlobalOptions global, CliHost host)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "Deployment YAML file (name, selector, workloads; see docs/api.md); '-' reads standard input",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("deploy", "Create or update the deployment described in a file; applying the same file again changes nothing") { file };
        command.SetAction(async (parse, ct) =>
        {
            var deployment = await DeploymentFile.ReadAsync(parse.GetValue(file)!, host, ct).ConfigureAwait(false);
            using var plane = global.Connect(parse, host);
            var path = "api/v1/deployments/" + deployment.Name;

            // The plane answers 200 for "updated" and "unchanged" alike; the generation before tells them apart.
            var before = await plane.GetAsync(path, ct).ConfigureAwait(false);
            if (before.Status != 404) PlaneProblems.EnsureSuccess(before, $"deployment '{deployment.Name}'");
            long? previousGeneration = before.IsSuccess ? PlaneProblems.Read(before, CliJsonContext.Default.DeploymentDto, $"GET /{path}").Generation : null;

            var answer = await plane.PutAsync(path, deployment.Body, ContentType, ct).ConfigureAwait(false);
            if (!answer.IsSuccess) return await RefusedAsync(host, deployment, answer).ConfigureAwait(false);

            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;
            var result = PlaneProblems.Read(answer, CliJsonContext.Default.DeploymentDto, $"PUT /{path}");
            var verb = answer.Status == 201 ? "created" : previousGeneration == result.Generation ? "unchanged" : "configured";
            await host.Out.WriteLineAsync(DeploymentTables.Outcome(result, verb)).ConfigureAwait(false);
            foreach (var unplaced in result.Unplaced)
                await host.Error.WriteLineAsync($"warning: deployment/{result.Name} is not placed on node {unplaced.Node}: {TextTable.OrNone(unplaced.Reason)}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A refused file: every error located in it, exit 2; any other failure as usual.</summary>
    private static async Task<int> RefusedAsync(CliHost host, DeploymentFile deployment, PlaneAnswer answer)
    {
        if (!PlaneProblems.IsRefusedInput(answer.Status)) throw PlaneProblems.ToException(answer, $"deployment '{deployment.Name}'");
        var problem = PlaneProblems.TryRead(answer);
        var b = new StringBuilder();
        if (problem?.Errors is { Count: > 0 } errors)
        {
            foreach (var line in LocatedErrors.Format(deployment.Source, errors)) b.Append(line).Append('\n');
            b.Append($"{errors.Count} error(s) in {deployment.Source}; nothing was deployed");
        }
        else
        {
            b.Append($"{deployment.Source}: the plane refused it ({answer.Status} {answer.Reason}): {PlaneProblems.Summary(answer, problem)}; nothing was deployed");
        }
        await host.Error.WriteLineAsync(b.ToString()).ConfigureAwait(false);
        return ExitCodes.BadInput;
    }
}
