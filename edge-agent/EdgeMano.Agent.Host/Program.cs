using System.CommandLine;
using System.Diagnostics;
using EdgeMano.Agent.Host.Cli;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Host.Daemon;

// edgemano-agent (and edgemano-agent-cluster, the same code with the Kubernetes driver): the EdgeMano edge agent. Every failure an operator can cause or meet ends in a
// one-line message and an exit code, never a stack trace.
var started = Stopwatch.GetTimestamp();
var common = new CommonOptions();
var root = new RootCommand("EdgeMano edge agent: keeps this node's CNFs (containers on docker, containerd or Kubernetes, bare-metal processes) in their desired state, from a local store, link or no link.")
{
    RunCommand.Create(common, started),
    ApplyCommand.Create(common),
    StatusCommand.Create(common),
};

try
{
    // The daemon handles SIGTERM/SIGINT itself (clean stop, workloads left running), so the
    // parser's own termination handling is switched off.
    var parse = root.Parse(args);
    var code = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    // Unknown verbs, flags or values are bad input like a bad file: exit 2, nothing done.
    return parse.Errors.Count > 0 ? ExitCodes.BadInput : code;
}
catch (SettingsException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return ExitCodes.BadInput;
}
catch (AgentStartException ex)
{
    await Console.Error.WriteLineAsync($"{AgentBuild.Executable}: {ex.Message}");
    return ExitCodes.Failure;
}
catch (Exception ex)
{
    // Store, runtime or OS trouble: say what happened in one line.
    await Console.Error.WriteLineAsync($"{AgentBuild.Executable}: {ex.GetType().Name}: {ex.Message}");
    return ExitCodes.Failure;
}
