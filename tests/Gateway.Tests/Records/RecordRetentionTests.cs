using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Hosting;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Tests.Records;

public sealed class RecordRetentionTests
{
    [Fact]
    public async Task Retention_runs_every_hour_of_the_product_clock_and_survives_storage_being_down()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var logger = new FirstWarning();
        // Nothing listens on port 1: every call fails at once (no SDK retries), as when storage is down.
        var tables = new TableServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])),
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        using var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        var retention = new RecordRetention(
            tables, Options.Create(new FleetClusterOptions()), services.GetRequiredService<IOptionsMonitor<OscpOptions>>(), clock, logger.For<RecordRetention>());
        await retention.StartAsync(CancellationToken.None);
        try
        {
            clock.Advance(RecordRetention.Interval - TimeSpan.FromSeconds(1));
            Assert.False(logger.Logged.IsCompleted, "retention ran before its hour");
            clock.Advance(TimeSpan.FromSeconds(1));

            var warning = await logger.Logged.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("Retention of the journal failed", warning, StringComparison.Ordinal);
            // The service is still running: a failed run never ends it.
            Assert.False(retention.ExecuteTask!.IsCompleted);
        }
        finally
        {
            await retention.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Completes <see cref="Logged"/> with the first warning.</summary>
    private sealed class FirstWarning : ILogger
    {
        private readonly TaskCompletionSource<string> logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Logged => logged.Task;

        public ILogger<T> For<T>() => new Typed<T>(this);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) logged.TrySetResult(formatter(state, exception));
        }

        private sealed class Typed<T>(FirstWarning inner) : ILogger<T>
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
