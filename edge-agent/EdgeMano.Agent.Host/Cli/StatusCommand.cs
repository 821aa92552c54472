using System.CommandLine;
using EdgeMano.Agent.Host.Control;
using EdgeMano.Agent.Host.Daemon;
using EdgeMano.Agent.Host.Status;
using EdgeMano.Agent.Store;

namespace EdgeMano.Agent.Host.Cli;

internal static class StatusCommand
{
    public static Command Create(CommonOptions common)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: table or json",
            DefaultValueFactory = _ => "table",
            HelpName = "FORMAT",
        };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status", "Show this node's workloads: phase, health, restarts, last error. Asks the running agent, or reads the store when none runs.");
        command.Options.Add(output);
        common.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var settings = common.Load(parse);
            var response = await ControlClient.SendAsync(settings.ControlSocket, new ControlRequest { Op = "status" }, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            StatusView view;
            if (response is { Ok: true, Status: { } live })
            {
                view = live;
            }
            else if (response is { Ok: false })
            {
                await Console.Error.WriteLineAsync($"agent: {response.Error}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            else
            {
                if (!File.Exists(Path.Combine(settings.StateDir, "agent.db")))
                {
                    await Console.Error.WriteLineAsync($"no agent state in {settings.StateDir}: the agent has never run or applied here (see edgemano-agent run --help)").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }
                using var stateLock = StateDirLock.Acquire(settings.StateDir);
                using var store = LiteAgentStore.Open(settings.StateDir);
                view = StatusReader.FromStore(store, settings.NodeId);
            }
            Console.Write(parse.GetValue(output) == "json" ? StatusFormatter.Json(view) + "\n" : StatusFormatter.Table(view, DateTimeOffset.UtcNow));
            return ExitCodes.Ok;
        });
        return command;
    }
}
