using Microsoft.Extensions.Logging;

namespace EdgeMano.Plane.Core.Tests.Fakes;

/// <summary>A logger that keeps its lines (event name and message), for tests that count log lines.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(string Event, string Message)> _lines = [];

    public IReadOnlyList<(string Event, string Message)> Lines { get { lock (_lines) return _lines.ToList(); } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add((eventId.Name ?? "", formatter(state, exception)));
    }
}
