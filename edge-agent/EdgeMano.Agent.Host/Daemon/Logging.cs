using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>Console logging: journald-style priorities under systemd, timestamped lines elsewhere.</summary>
internal static class Logging
{
    public static ILoggerFactory CreateFactory(string level) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(Parse(level));
        // Our own categories at the chosen level; library chatter only when it matters.
        builder.AddFilter("System", LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
            builder.AddSystemdConsole(o => o.IncludeScopes = false);
        else
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
    });

    public static LogLevel Parse(string level) => level.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
