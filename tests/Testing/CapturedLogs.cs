using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Testing;

/// <summary>
/// Keeps every line any category logs (the product's, ASP.NET Core's, Orleans', the Azure SDK's) with its structured
/// values and exception, so a test can scan all of them for secrets. The fixture decides the levels with filters.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Snapshot() => [.. lines];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {values} {exception}");
        }
    }
}
