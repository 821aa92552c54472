using System.CommandLine;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Host.Control;
using EdgeMano.Agent.Host.Daemon;
using EdgeMano.Agent.Host.Status;
using EdgeMano.Agent.Store;
using EdgeMano.Agent.Store.Mapping;
using Google.Protobuf;

namespace EdgeMano.Agent.Host.Cli;

internal static class ApplyCommand
{
    public static Command Create(CommonOptions common)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "Desired-state YAML file (see examples/); '-' reads standard input",
            Required = true,
            HelpName = "FILE",
        };
        var command = new Command("apply", "Validate a desired-state file and hand it to the agent (the running daemon, or the store when none runs). Without a revision in the file the next one is used.");
        command.Options.Add(file);
        common.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var settings = common.Load(parse);
            var path = parse.GetValue(file)!;
            return await ApplyAsync(settings, path).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ApplyAsync(AgentSettings settings, string path)
    {
        string text;
        try
        {
            text = path == "-" ? await Console.In.ReadToEndAsync().ConfigureAwait(false) : await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{path}: cannot read: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var parsed = DesiredStateYaml.Parse(text, path == "-" ? "<stdin>" : path, settings.NodeId);
        if (parsed.Errors.Count > 0 || parsed.State is null)
        {
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"{parsed.Errors.Count} error(s); nothing was applied").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        var state = parsed.State with { Source = "local", IssuedAt = DateTimeOffset.UtcNow };

        var request = new ControlRequest { Op = "apply", Desired = DesiredStateProtoMapper.ToProto(state).ToByteArray() };
        var response = await ControlClient.SendAsync(settings.ControlSocket, request, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        string how;
        if (response is not null)
        {
            how = "the running agent";
        }
        else
        {
            // No daemon: write to the store directly; the daemon picks it up when it starts.
            Directory.CreateDirectory(settings.StateDir);
            using var stateLock = StateDirLock.Acquire(settings.StateDir);
            using var store = LiteAgentStore.Open(settings.StateDir);
            var result = DesiredStateIntake.Offer(store, state, settings.NodeId);
            response = new ControlResponse { Ok = result.Accepted, Revision = result.Revision, Error = result.Accepted ? null : result.ErrorText };
            how = "the store (agent not running; it reconciles at its next start)";
        }

        if (!response.Ok)
        {
            await Console.Error.WriteLineAsync($"{path}: rejected: {response.Error}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        Console.WriteLine($"applied revision {response.Revision} ({state.Workloads.Count} workloads) for node {state.NodeId} to {how}");
        return ExitCodes.Ok;
    }
}
