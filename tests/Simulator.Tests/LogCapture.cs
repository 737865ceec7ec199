using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Tests;

/// <summary>
/// A logger provider that keeps every line a simulator logs (Information and above), so a test can wait for the
/// exact line a person watching the console would see.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>Every line logged, with wait signals.</summary>
    public RecordLog<LogLine> Lines { get; } = new(l => l.ToString());

    /// <summary>The first line (logged or to come) that is exactly <paramref name="message"/>.</summary>
    public Task<LogLine> WaitForAsync(string message) => Lines.WaitForAsync(l => l.Message == message, SimulatorHarness.Timeout);

    /// <summary>The first line (logged or to come) that starts with <paramref name="prefix"/>.</summary>
    public Task<LogLine> WaitForPrefixAsync(string prefix) =>
        Lines.WaitForAsync(l => l.Message.StartsWith(prefix, StringComparison.Ordinal), SimulatorHarness.Timeout);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>One line as formatted for the console.</summary>
    public sealed record LogLine(string Category, LogLevel Level, string Message)
    {
        public override string ToString() => $"{Level} {Message}";
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Only the simulators' own lines: ASP.NET Core's and HttpClient's are noise here.
            if (IsEnabled(logLevel) && category.StartsWith("OscpFleet.Simulator", StringComparison.Ordinal))
                capture.Lines.Add(new LogLine(category, logLevel, formatter(state, exception)));
        }
    }
}
