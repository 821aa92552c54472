namespace EdgeMano.Cli;

/// <summary>
/// What one invocation talks to: its streams, its environment, its clock and its HTTP handler.
/// The binary uses the console and the machine; tests pass their own so they run in-process.
/// </summary>
internal sealed record CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Makes the handler for the plane's HTTP client (tests replace it; null = a real socket handler).</summary>
    public Func<HttpMessageHandler>? HandlerFactory { get; init; }

    /// <summary>How long one request may take before the plane counts as not answering.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static CliHost FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
    };
}
