using System.CommandLine;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// `edgemano rollout status NAME [--watch [--timeout 10m]]`: the rollout's table, or, watching, a
/// line each time it moves until it ends; the exit code says whether it succeeded.
/// </summary>
internal static class RolloutStatusCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public static Command Create(GlobalOptions global, CliHost host)
    {
        var name = Arguments.DeploymentName("The deployment whose latest rollout to show");
        var watch = new Option<bool>("--watch", "-w")
        {
            Description = "Poll every second and print a line each time the rollout moves, until it ends: exit 0 when it succeeded, "
                + $"{ExitCodes.RolloutNotSucceeded} when it was rolled back or failed, or when --timeout passed first",
        };
        var timeout = Durations.Option("--timeout",
            $"With --watch: how long to wait for the rollout to end, e.g. 90s, 10m, 1h (default {Durations.Format(DefaultTimeout)}; 0 = no limit)");
        var command = new CommandWithExamples("status",
            "Show a deployment's latest rollout: state, generations, current wave, reason, every node's step (state, revert, reason) and its recent history")
        {
            name, watch, timeout,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(timeout) is { Implicit: false } && !result.GetValue(watch)) result.AddError("--timeout applies only with --watch");
        });
        command.Examples.AddRange(["edgemano rollout status web", "edgemano rollout status web --watch --timeout 30m", "edgemano rollout status web -o json"]);
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(name)!;
            var format = global.FormatOf(parse);
            using var plane = global.Connect(parse, host);
            if (parse.GetValue(watch)) return await new RolloutWatch(host, plane, n, format).RunAsync(Durations.ValueOf(parse, timeout, DefaultTimeout), ct).ConfigureAwait(false);

            var answer = await GetAsync(plane, n, ct).ConfigureAwait(false);
            if (await Printer.TryPrintRawAsync(host, format, answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;
            var rollout = PlaneProblems.Read(answer, CliJsonContext.Default.RolloutDto, "GET /" + RolloutCommand.RolloutPath(n));
            await host.Out.WriteAsync(RolloutTables.Status(rollout, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>GET .../rollout; a 404 says why (no such deployment, or it never had a rollout).</summary>
    public static async Task<PlaneAnswer> GetAsync(PlaneClient plane, string name, CancellationToken ct)
    {
        var answer = await plane.GetAsync(RolloutCommand.RolloutPath(name), ct).ConfigureAwait(false);
        PlaneProblems.EnsureSuccess(answer, $"the rollout of deployment '{name}'", $"cannot read the rollout of deployment '{name}'");
        return answer;
    }
}

/// <summary>
/// Polls a deployment's rollout once a second until it ends. Progress goes to standard output for
/// tables; with -o json|yaml it goes to standard error and the final answer alone to standard output.
/// Progress is a "Waiting for ..." line each time state, wave or node counts change, and the
/// rollout's new history entries, indented. A newer rollout replacing the watched one is followed.
/// </summary>
internal sealed class RolloutWatch(CliHost host, PlaneClient plane, string name, OutputFormat format)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private TextWriter Progress => format == OutputFormat.Table ? host.Out : host.Error;

    /// <param name="timeout">null = no limit.</param>
    public async Task<int> RunAsync(TimeSpan? timeout, CancellationToken ct)
    {
        var deadline = host.Time.GetUtcNow() + timeout;
        string? lastLine = null;
        var (watchedId, historySeen) = ("", 0);
        while (true)
        {
            var answer = await RolloutStatusCommand.GetAsync(plane, name, ct).ConfigureAwait(false);
            var rollout = PlaneProblems.Read(answer, CliJsonContext.Default.RolloutDto, "GET /" + RolloutCommand.RolloutPath(name));
            if (rollout.Id != watchedId)
            {
                // The first answer, or a newer rollout: its earlier history is what `rollout status` shows.
                (watchedId, historySeen) = (rollout.Id, rollout.History.Count);
            }
            foreach (var entry in rollout.History.Skip(historySeen))
            {
                if (!(rollout.IsFinished && entry.Message == rollout.Reason))
                    await Progress.WriteLineAsync("  " + entry.Message).ConfigureAwait(false);
            }
            historySeen = rollout.History.Count;

            if (rollout.IsFinished) return await EndAsync(rollout, answer).ConfigureAwait(false);
            var line = $"Waiting for rollout {rollout.Id} of deployment/{name}: {Where(rollout)}";
            if (line != lastLine) await Progress.WriteLineAsync(line).ConfigureAwait(false);
            lastLine = line;

            var left = deadline - host.Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new CliException(ExitCodes.RolloutNotSucceeded,
                    $"timed out after {Durations.Format(timeout!.Value)} waiting for rollout {rollout.Id} of deployment/{name} to end: it is {Where(rollout)}");
            }
            await Task.Delay(left is { } l && l < PollInterval ? l : PollInterval, host.Time, ct).ConfigureAwait(false);
        }
    }

    private async Task<int> EndAsync(RolloutDto rollout, PlaneAnswer answer)
    {
        await Printer.TryPrintRawAsync(host, format, answer.Body).ConfigureAwait(false);
        var reason = string.IsNullOrWhiteSpace(rollout.Reason) ? "" : ": " + rollout.Reason;
        if (rollout.State == RolloutStates.Succeeded)
        {
            await Progress.WriteLineAsync($"rollout {rollout.Id} of deployment/{name} succeeded{reason}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        throw new CliException(ExitCodes.RolloutNotSucceeded, $"rollout {rollout.Id} of deployment/{name} ended {rollout.State}{reason}");
    }

    /// <summary>"InProgress, generation 1 -> 2, wave 1/3, 2 of 6 nodes passed (1 soaking, 3 waiting)", then the reason when there is one.</summary>
    private static string Where(RolloutDto r) =>
        $"{r.State}, generation {RolloutTables.Generations(r.FromGeneration, r.ToGeneration)}, wave {r.Wave}/{r.Waves}, {RolloutTables.NodeProgress(r)}"
        + (string.IsNullOrWhiteSpace(r.Reason) ? "" : $" ({r.Reason})");
}
