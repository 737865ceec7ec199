using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Hosting.Records;

namespace OscpFleet.Gateway.Tests.Records;

public sealed class TableBatchWriterTests : IAsyncLifetime
{
    private readonly FakeTableSink sink = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LogSink logs = new();
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentDictionary<string, long> counters = new();
    private readonly MeterListener listener = new();
    private TableBatchWriter<Row> writer = null!;

    public sealed record Row(string Partition, string Key);

    public Task InitializeAsync()
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecordMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counters.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
        writer = Start(capacity: 10_000);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        sink.Release();
        await writer.StopAsync(CancellationToken.None);
        listener.Dispose();
        await services.DisposeAsync();
    }

    private TableBatchWriter<Row> Start(int capacity)
    {
        var started = new TableBatchWriter<Row>(
            "journal",
            capacity,
            sink,
            row => [new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(row.Partition, row.Key) { ["Body"] = "x" })],
            depth => new RecordMetrics(services.GetRequiredService<IMeterFactory>(), "journal", depth),
            logs.CreateLogger("journal"),
            clock);
        started.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return started;
    }

    private long Counter(string name) => counters.GetValueOrDefault(name);

    /// <summary>Holds the writer inside a write of one row, so what is written next gathers in the buffer.</summary>
    private async Task HoldWriterAsync()
    {
        sink.Hold();
        Assert.True(writer.TryWrite(new Row("hold", "0")));
        await sink.Entered.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Rows_gathered_while_a_write_is_out_go_as_transactions_of_at_most_100_of_one_partition()
    {
        await HoldWriterAsync();
        for (var i = 0; i < 250; i++) Assert.True(writer.TryWrite(new Row("a", $"{i:D3}")));
        for (var i = 0; i < 30; i++) Assert.True(writer.TryWrite(new Row("b", $"{i:D3}")));
        sink.Release();
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var batches = sink.Batches.Skip(1).ToList();
        Assert.Equal([100, 100, 50, 30], batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.Single(b.Select(a => a.Entity.PartitionKey).Distinct()));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"{i:D3}"), batches.Take(3).SelectMany(b => b).Select(a => a.Entity.RowKey));
        Assert.Equal(281, Counter("oscpfleet.journal.written"));
        Assert.Equal(0, Counter("oscpfleet.journal.dropped"));
    }

    [Fact]
    public void Upserts_of_one_row_fold_into_one_action_and_other_repeats_start_a_new_transaction()
    {
        TableTransactionAction Action(TableTransactionActionType type, string row, string key, object value) =>
            new(type, new TableEntity("p", row) { [key] = value });
        var batches = TableBatches.Of(
        [
            Action(TableTransactionActionType.UpsertMerge, "v1", "Reason", "forecast"),
            Action(TableTransactionActionType.UpsertReplace, "p1", "EnergyKwh", 1.0),
            Action(TableTransactionActionType.UpsertMerge, "v1", "AppliedAt", "12:01"),
            Action(TableTransactionActionType.UpsertReplace, "p1", "EnergyKwh", 2.0),
            Action(TableTransactionActionType.Delete, "v1", "x", 0),
        ]).ToList();

        Assert.Equal(2, batches.Count);
        var first = batches[0];
        Assert.Equal(["v1", "p1"], first.Select(a => a.Entity.RowKey));
        var version = (TableEntity)first[0].Entity;
        Assert.Equal((TableTransactionActionType.UpsertMerge, "forecast", "12:01"), (first[0].ActionType, version.GetString("Reason"), version.GetString("AppliedAt")));
        Assert.Equal(2.0, ((TableEntity)first[1].Entity).GetDouble("EnergyKwh"));
        Assert.Equal(TableTransactionActionType.Delete, Assert.Single(batches[1]).ActionType);
    }

    [Fact]
    public async Task A_full_buffer_refuses_at_once_and_every_refusal_is_counted_and_logged()
    {
        await writer.StopAsync(CancellationToken.None);
        writer = Start(capacity: 5);
        await HoldWriterAsync();
        var taken = Enumerable.Range(0, 8).Select(i => writer.TryWrite(new Row("a", $"{i}"))).ToList();

        Assert.Equal([true, true, true, true, true, false, false, false], taken);
        Assert.Equal(3, Counter("oscpfleet.journal.dropped"));
        // One warning at the first drop; the next ones within the minute wait for the next warning, which carries their count.
        Assert.Single(logs.Lines, l => l.Contains("write buffer is full", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(writer.TryWrite(new Row("a", "9")));
        Assert.Contains(logs.Lines, l => l.Contains("write buffer is full", StringComparison.Ordinal) && l.Contains("Count=3", StringComparison.Ordinal));

        sink.Release();
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, Counter("oscpfleet.journal.written"));
    }

    [Fact]
    public async Task A_failed_write_is_counted_and_logged_and_the_other_partitions_are_still_written()
    {
        sink.FailingPartitions.Add("bad");
        await HoldWriterAsync();
        for (var i = 0; i < 3; i++) writer.TryWrite(new Row("bad", $"{i}"));
        for (var i = 0; i < 2; i++) writer.TryWrite(new Row("good", $"{i}"));
        sink.Release();
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, Counter("oscpfleet.journal.write_failures"));
        Assert.Equal(3, Counter("oscpfleet.journal.written")); // the held row and the two good ones
        Assert.Contains(sink.Batches, b => b[0].Entity.PartitionKey == "good" && b.Count == 2);
        var warning = Assert.Single(logs.Lines, l => l.Contains("failed", StringComparison.Ordinal));
        Assert.Contains("Count=3", warning, StringComparison.Ordinal);
        Assert.Contains("Status=503", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_that_fails_after_the_sdks_retries_is_counted_and_the_writer_keeps_going()
    {
        sink.GivingUpPartitions.Add("down");
        await HoldWriterAsync();
        writer.TryWrite(new Row("down", "1"));
        sink.Release();
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        writer.TryWrite(new Row("up", "1"));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Counter("oscpfleet.journal.write_failures"));
        Assert.Contains(sink.Batches, b => b[0].Entity.PartitionKey == "up");
        Assert.Contains(logs.Lines, l => l.Contains("AggregateException", StringComparison.Ordinal) && l.Contains("Status=503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_writes_out_what_is_buffered()
    {
        await HoldWriterAsync();
        for (var i = 0; i < 7; i++) writer.TryWrite(new Row("a", $"{i}"));
        var stopping = writer.StopAsync(CancellationToken.None);
        sink.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(8, sink.Batches.Sum(b => b.Count));
        Assert.False(writer.TryWrite(new Row("a", "late")));
    }

    public sealed record Action(string Key, TableTransactionActionType Type, string Column);

    // A writer whose round waits an hour for more: only a flush or the stop may end the wait.
    private TableBatchWriter<Action> StartLingering() =>
        new(
            "history",
            100,
            sink,
            row => [new TableTransactionAction(row.Type, new TableEntity("p", row.Key) { [row.Column] = row.Column })],
            depth => new RecordMetrics(services.GetRequiredService<IMeterFactory>(), "history", depth),
            logs.CreateLogger("history"),
            clock,
            linger: TimeSpan.FromHours(1));

    [Fact]
    public async Task A_lingering_round_gathers_what_arrives_folds_actions_on_one_row_and_a_flush_ends_the_wait()
    {
        var lingering = StartLingering();
        await lingering.StartAsync(CancellationToken.None);
        lingering.TryWrite(new("v1", TableTransactionActionType.UpsertReplace, "Issued"));
        lingering.TryWrite(new("v2", TableTransactionActionType.UpsertReplace, "Issued"));
        lingering.TryWrite(new("v1", TableTransactionActionType.UpsertMerge, "Applied"));

        await lingering.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var batch = Assert.Single(sink.Batches);
        Assert.Equal(["v1", "v2"], batch.Select(a => a.Entity.RowKey));
        var v1 = (TableEntity)batch[0].Entity;
        Assert.Equal((TableTransactionActionType.UpsertReplace, "Issued", "Applied"), (batch[0].ActionType, v1.GetString("Issued"), v1.GetString("Applied")));
        await lingering.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_ends_a_lingering_round_and_writes_it_out()
    {
        var lingering = StartLingering();
        await lingering.StartAsync(CancellationToken.None);
        lingering.TryWrite(new("v1", TableTransactionActionType.UpsertReplace, "Issued"));

        await lingering.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("v1", Assert.Single(Assert.Single(sink.Batches)).Entity.RowKey);
    }
}
