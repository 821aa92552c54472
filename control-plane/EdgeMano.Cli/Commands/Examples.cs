using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace EdgeMano.Cli.Commands;

/// <summary>A verb whose `--help` ends with examples, as kubectl's does.</summary>
internal sealed class CommandWithExamples(string name, string description) : Command(name, description)
{
    public List<string> Examples { get; } = [];
}

/// <summary>
/// The usual help, then an "Examples:" section for a <see cref="CommandWithExamples"/>. A verb's own
/// option that takes the name of a global one (export's `-o FILE` versus `-o FORMAT`) wins at parse
/// time; the help then lists only the verb's, not both.
/// </summary>
internal sealed class HelpWithExamplesAction(HelpAction inner) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var shadowed = Shadowed(parseResult.RootCommandResult.Command, command);
        foreach (var option in shadowed) option.Hidden = true;
        try
        {
            var code = inner.Invoke(parseResult);
            if (command is CommandWithExamples { Examples.Count: > 0 } withExamples)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in withExamples.Examples) output.WriteLine("  " + example);
                output.WriteLine();
            }
            return code;
        }
        finally
        {
            foreach (var option in shadowed) option.Hidden = false;
        }
    }

    /// <summary>Recursive options of the root that <paramref name="command"/> redefines under the same name.</summary>
    private static List<Option> Shadowed(Command root, Command command) =>
        root == command ? [] : root.Options.Where(o => o.Recursive && !o.Hidden && command.Options.Any(own => own.Name == o.Name)).ToList();
}
