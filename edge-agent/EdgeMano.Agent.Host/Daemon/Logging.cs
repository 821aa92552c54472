using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>
/// The agent's logging: one synchronous line per message on stdout. Under systemd (JOURNAL_STREAM
/// set) lines carry sd-daemon priority prefixes (&lt;6&gt; …) for journald; elsewhere a UTC timestamp.
/// A tiny provider instead of Microsoft.Extensions.Logging.Console: that one brings a DI container,
/// options binding and a queue thread, a few MB of RSS on a box that logs a few lines a minute.
/// </summary>
internal static class Logging
{
    public static ILoggerFactory CreateFactory(string level)
    {
        var filter = new LoggerFilterOptions { MinLevel = Parse(level) };
        filter.Rules.Add(new LoggerFilterRule(null, "System", LogLevel.Warning, null));
        var journald = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;
        return new LoggerFactory([new LineLoggerProvider(journald)], filter);
    }

    public static LogLevel Parse(string level) => level.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    private sealed class LineLoggerProvider(bool journald) : ILoggerProvider
    {
        private readonly Lock _gate = new();

        public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

        public void Dispose() => Console.Out.Flush();

        internal void Write(LogLevel level, string category, EventId id, string message, Exception? exception)
        {
            var text = exception is null ? message : $"{message}: {exception.GetType().Name}: {exception.Message}";
            var line = journald
                ? $"<{Priority(level)}>{category}[{id.Id}] {text}"
                : $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Short(level)}: {category}[{id.Id}] {text}";
            lock (_gate) Console.Out.WriteLine(line);
        }

        private static int Priority(LogLevel level) => level switch
        {
            LogLevel.Critical => 2,
            LogLevel.Error => 3,
            LogLevel.Warning => 4,
            LogLevel.Information => 6,
            _ => 7,
        };

        private static string Short(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }

    private sealed class LineLogger(LineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Write(logLevel, category, eventId, formatter(state, exception), exception);
        }
    }
}
