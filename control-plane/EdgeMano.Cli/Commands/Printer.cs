using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Commands;

/// <summary>Prints the plane's answer as JSON or YAML; tables are drawn by each verb.</summary>
internal static class Printer
{
    /// <summary>
    /// For -o json / -o yaml prints the plane's body (re-indented, or as YAML) and returns true;
    /// for tables returns false, so the verb reads the body into its types only when it draws.
    /// </summary>
    public static async Task<bool> TryPrintRawAsync(CliHost host, OutputFormat format, byte[] body)
    {
        if (format == OutputFormat.Table) return false;
        var text = format == OutputFormat.Json ? JsonOutput.Reindent(body) : JsonToYaml.Convert(body);
        await host.Out.WriteAsync(text).ConfigureAwait(false);
        return true;
    }
}
