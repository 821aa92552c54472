namespace EdgeMano.Cli.Output;

internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}

internal static class OutputFormats
{
    public static readonly string[] Names = ["table", "json", "yaml"];

    public static OutputFormat Parse(string? name) => name switch
    {
        "json" => OutputFormat.Json,
        "yaml" => OutputFormat.Yaml,
        _ => OutputFormat.Table,
    };
}
