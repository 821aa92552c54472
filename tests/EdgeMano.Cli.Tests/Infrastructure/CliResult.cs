namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>What one CLI invocation left behind.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";

    /// <summary>An operator never sees a stack trace, whatever went wrong.</summary>
    public void AssertNoStackTrace()
    {
        foreach (var text in new[] { StdOut, StdErr })
        {
            Assert.False(text.Contains("   at ", StringComparison.Ordinal), "stack trace in output:\n" + this);
            Assert.False(text.Contains("Unhandled exception", StringComparison.Ordinal), "unhandled exception:\n" + this);
        }
    }
}
