using Microsoft.Extensions.Time.Testing;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>
/// The CLI run inside the test process (CliApp.RunAsync) with captured streams, a chosen
/// environment (nothing inherited from the machine), a fixed clock (or the test's own) and, optionally, a stub HTTP handler.
/// </summary>
internal static class InProcessCli
{
    /// <summary>The "now" every in-process run sees; fixture timestamps are relative to it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? env = null,
        HttpMessageHandler? handler = null,
        string stdin = "",
        TimeProvider? time = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new CliHost
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin),
            GetEnvironmentVariable = name => env is not null && env.TryGetValue(name, out var v) ? v : null,
            Time = time ?? new FakeTimeProvider(Now),
            HandlerFactory = handler is null ? null : () => new NonDisposingHandler(handler),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        var code = await CliApp.RunAsync(args, host);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Keeps the stub alive across the HttpClients of one test (the CLI disposes its client).</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }
}
