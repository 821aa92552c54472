using System.CommandLine;
using System.Globalization;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// `edgemano rollout status|pause|resume|undo|history NAME`, as `kubectl rollout`: follow and steer
/// the waves in which a deployment with a `rollout:` block moves to a new generation.
/// </summary>
internal static class RolloutCommand
{
    /// <summary>The plane refuses longer reasons (400); checked here so that nothing is sent.</summary>
    public const int MaxReasonLength = 500;

    public static Command Create(GlobalOptions global, CliHost host) =>
        new("rollout", "Follow, pause, resume or undo a deployment's rollout, or list its revisions (a rollout starts when a deployment with a `rollout:` block changes its workloads)")
        {
            RolloutStatusCommand.Create(global, host),
            Pause(global, host),
            Resume(global, host),
            Undo(global, host),
            History(global, host),
        };

    public static string DeploymentPath(string name) => "api/v1/deployments/" + name;

    public static string RolloutPath(string name) => DeploymentPath(name) + "/rollout";

    private static Command Pause(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment whose rollout to pause");
        var reason = ReasonOption("Why it is paused: becomes the rollout's reason and goes into its history");
        var command = new CommandWithExamples("pause",
            "Pause the deployment's running rollout: no more nodes are told the new generation (nodes already on it are still judged)") { name, reason };
        command.Examples.AddRange(["edgemano rollout pause web", "edgemano rollout pause web --reason \"latency alarm on plant-a\""]);
        command.SetAction((parse, ct) => ControlAsync(global, host, parse, parse.GetValue(name)!, "pause", "paused", parse.GetValue(reason), ct));
        return command;
    }

    private static Command Resume(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment whose paused rollout to resume");
        var command = new CommandWithExamples("resume", "Resume the deployment's paused rollout from the wave it stopped at") { name };
        command.Examples.Add("edgemano rollout resume web");
        command.SetAction((parse, ct) => ControlAsync(global, host, parse, parse.GetValue(name)!, "resume", "resumed", null, ct));
        return command;
    }

    /// <summary>POST .../rollout/pause|resume; prints `deployment/web rollout web-2 paused (generation 1 -> 2, wave 1/3)`.</summary>
    private static async Task<int> ControlAsync(GlobalOptions global, CliHost host, ParseResult parse, string name, string verb, string done, string? reason, CancellationToken ct)
    {
        using var plane = global.Connect(parse, host);
        var path = $"{RolloutPath(name)}/{verb}{Query(("reason", reason))}";
        var answer = await plane.SendAsync(HttpMethod.Post, path, null, ct).ConfigureAwait(false);
        PlaneProblems.EnsureSuccess(answer, $"deployment '{name}'", $"cannot {verb} the rollout of deployment '{name}'");
        if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

        var rollout = PlaneProblems.Read(answer, CliJsonContext.Default.RolloutDto, "POST /" + path);
        await host.Out.WriteLineAsync(
            $"deployment/{name} rollout {rollout.Id} {done} (generation {RolloutTables.Generations(rollout.FromGeneration, rollout.ToGeneration)}, wave {rollout.Wave}/{rollout.Waves})").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static Command Undo(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment to roll back");
        var toGeneration = new Option<long?>("--to-generation")
        {
            Description = "Apply the spec of this generation again (see `edgemano rollout history NAME`); without it: roll back the running rollout, "
                + "or else return to the newest earlier generation that reached every node",
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var g) && g >= 1) return g;
                result.AddError($"--to-generation must be a generation number, 1 or more, got '{text}'");
                return null;
            },
        };
        var reason = ReasonOption("Why: goes into the rollout's reason and history");
        var command = new CommandWithExamples("undo",
            "Roll a deployment back: stop its running rollout and return its nodes to the generation before, or apply an earlier generation's spec again")
        {
            name, toGeneration, reason,
        };
        command.Examples.AddRange(["edgemano rollout undo web", "edgemano rollout undo web --reason \"crash loop on plant-a\"", "edgemano rollout undo web --to-generation 3"]);
        command.SetAction(async (parse, ct) =>
        {
            var (n, target) = (parse.GetValue(name)!, parse.GetValue(toGeneration));
            using var plane = global.Connect(parse, host);

            // What the plane does depends on whether a rollout runs; the deployment before tells which it did.
            var before = await plane.GetAsync(DeploymentPath(n), ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(before, $"deployment '{n}'");
            var previous = PlaneProblems.Read(before, CliJsonContext.Default.DeploymentDto, $"GET /{DeploymentPath(n)}");
            var running = target is null && previous.RolloutStatus is { } status && !RolloutStates.IsFinished(status.State);

            var path = DeploymentPath(n) + "/rollback" + Query(("generation", target?.ToString(CultureInfo.InvariantCulture)), ("reason", parse.GetValue(reason)));
            var answer = await plane.SendAsync(HttpMethod.Post, path, null, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"deployment '{n}'", $"cannot roll back deployment '{n}'");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var after = PlaneProblems.Read(answer, CliJsonContext.Default.DeploymentDto, "POST /" + path);
            await host.Out.WriteLineAsync(UndoOutcome(after, running, target)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What `undo` did, in one line, with how to follow a rollout it started or stopped.</summary>
    internal static string UndoOutcome(DeploymentDto after, bool stoppedRunningRollout, long? target)
    {
        var follow = $"follow it: edgemano rollout status {after.Name} --watch";
        var latest = after.RolloutStatus;
        if (stoppedRunningRollout && latest is not null)
        {
            return latest.State == RolloutStates.RollingBack
                ? $"deployment/{after.Name} rolling back rollout {latest.Id} to generation {latest.FromGeneration} ({follow})"
                : $"deployment/{after.Name} rollout {latest.Id} rolled back to generation {latest.FromGeneration} ({TextTable.OrNone(latest.State)})";
        }
        var spec = target is { } g ? $"the spec of generation {g}" : "the newest earlier spec that reached every node";
        var line = $"deployment/{after.Name} rolled back to {spec} (now generation {after.Generation})";
        if (latest is not null && latest.ToGeneration == after.Generation && !RolloutStates.IsFinished(latest.State))
            line += $"; rollout {latest.Id} is {latest.State} ({follow})";
        return line;
    }

    private static Command History(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment's name");
        var command = new CommandWithExamples("history",
            "List a deployment's revisions, oldest first: generation, the one it replaced, how its rollout ended, and whether `undo --to-generation` can return to it")
        {
            name,
        };
        command.Examples.AddRange(["edgemano rollout history web", "edgemano rollout history web -o yaml"]);
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(name)!;
            using var plane = global.Connect(parse, host);
            var path = DeploymentPath(n) + "/revisions";
            var answer = await plane.GetAsync(path, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"deployment '{n}'", $"cannot list the revisions of deployment '{n}'");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var list = PlaneProblems.Read(answer, CliJsonContext.Default.RevisionListDto, "GET /" + path);
            if (list.Items.Count == 0)
                await host.Error.WriteLineAsync($"No revisions recorded for deployment '{n}'.").ConfigureAwait(false);
            else
                await host.Out.WriteAsync(RolloutTables.Revisions(list.Items, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> ReasonOption(string description)
    {
        var option = new Option<string?>("--reason") { Description = description, HelpName = "TEXT" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > MaxReasonLength } text)
                result.AddError($"--reason: at most {MaxReasonLength} characters, got {text.Length}");
        });
        return option;
    }

    /// <summary>"?a=1&amp;b=x%20y" from the parameters that have a value; "" when none has.</summary>
    internal static string Query(params (string Key, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!.Trim())}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
