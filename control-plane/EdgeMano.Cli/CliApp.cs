using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text.Json;
using EdgeMano.Cli.Commands;

namespace EdgeMano.Cli;

/// <summary>Builds the command tree and runs one invocation, mapping every outcome to an exit code.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot(CliHost host)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("edgemano: operate an EdgeMano fleet through its control plane (nodes, deployments and their rollouts, CNF packages, node status).")
        {
            NodesCommand.Create(global, host),
            DeployCommand.Create(global, host),
            DeploymentsCommand.Create(global, host),
            RolloutCommand.Create(global, host),
            StatusCommand.Create(global, host),
            PackagesCommand.Create(global, host),
        };
        global.AddTo(root);
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction action) help.Action = new HelpWithExamplesAction(action);
        // The CLI's own version, whichever process hosts it (the default reads the entry assembly).
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new PrintVersionAction();
        return root;
    }

    /// <summary>The informational version of this build, e.g. 0.1.0+commit.</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>"edgemano nodes list" for the command the parser ended on.</summary>
    internal static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult command) names.Add(command.Command is RootCommand ? "edgemano" : command.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static bool IsMissingVerbOnly(ParseResult parse) =>
        parse.Errors.Count == 1 && parse.UnmatchedTokens.Count == 0 && parse.Errors[0].SymbolResult is CommandResult { Command.Subcommands.Count: > 0 } on
        && on == parse.CommandResult;

    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        try
        {
            var parse = CreateRoot(host).Parse(args);
            if (parse.Action is ParseErrorAction errorAction)
            {
                // Like kubectl: the error and where to find help, not the whole help text; the help
                // itself only for a group called without its verb (`edgemano nodes`).
                errorAction.ShowHelp = IsMissingVerbOnly(parse);
            }
            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Output = host.Out,
                Error = host.Error,
            };
            var code = await parse.InvokeAsync(configuration).ConfigureAwait(false);
            if (parse.Errors.Count == 0) return code;
            // Unknown verbs, flags or values are bad usage: exit 2, nothing sent.
            if (!IsMissingVerbOnly(parse)) await host.Error.WriteLineAsync($"See '{CommandPath(parse.CommandResult)} --help'.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (CliException ex)
        {
            await host.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (JsonException ex)
        {
            await host.Error.WriteLineAsync($"edgemano: the plane's answer is not the JSON this CLI expects: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // Anything unforeseen: one line, never a stack trace.
            await host.Error.WriteLineAsync($"edgemano: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }
}
