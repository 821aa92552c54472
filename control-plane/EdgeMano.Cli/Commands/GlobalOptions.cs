using System.CommandLine;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>The options every verb takes: where the plane is and how to print answers.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:8080";
    public const string ServerVariable = "EDGEMANO_SERVER";

    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = $"URL of the control plane (default {DefaultServer}) [env {ServerVariable}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> Output { get; } = CreateOutput();

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(Output);
    }

    public OutputFormat FormatOf(ParseResult parse) => OutputFormats.Parse(parse.GetValue(Output));

    /// <summary>The plane to talk to: the flag, else EDGEMANO_SERVER, else the default.</summary>
    public PlaneClient Connect(ParseResult parse, CliHost host)
    {
        var (text, source) = parse.GetValue(Server) is { } flag ? (flag, "--server")
            : host.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } env ? (env, ServerVariable)
            : (DefaultServer, "the default server");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw CliException.BadInput($"{source}: '{text}' is not a plane URL; expected e.g. {DefaultServer}");
        return new PlaneClient(uri, host);
    }

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table (for people), json (the plane's answer, indented) or yaml (the same data as YAML)",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong(OutputFormats.Names);
        return option;
    }
}
