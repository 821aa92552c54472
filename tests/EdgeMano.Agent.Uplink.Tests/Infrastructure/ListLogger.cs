using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Uplink.Tests.Infrastructure;

/// <summary>Collects log lines ("Level EventName: message") so tests can count them.</summary>
public sealed class ListLoggerFactory : ILoggerFactory
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

    public int Count(string fragment) => Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    public override string ToString() => string.Join('\n', Lines);

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class ListLogger(ListLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {eventId.Name}: {formatter(state, exception)}";
            lock (owner._lines) owner._lines.Add(line);
        }
    }
}
