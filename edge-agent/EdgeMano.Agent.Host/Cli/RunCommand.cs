using System.CommandLine;
using EdgeMano.Agent.Host.Daemon;

namespace EdgeMano.Agent.Host.Cli;

internal static class RunCommand
{
    public static Command Create(CommonOptions common, long startTimestamp)
    {
        var command = new Command("run", "Run the agent daemon: reconcile this node's workloads from the local store, with or without a link to the plane.");
        common.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var settings = common.Load(parse);
            return await AgentDaemon.RunAsync(settings, startTimestamp).ConfigureAwait(false);
        });
        return command;
    }
}
