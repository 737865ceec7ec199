using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// Removes journal entries older than <c>Oscp:Journal:RetentionDays</c> and history rows older than
/// <c>Oscp:History:RetentionDays</c>, every <see cref="Interval"/> of the product clock (runs in each silo; the deletes
/// are idempotent). Partition names put time first after the service id, so the old rows are found with one
/// partition-range query per kind, which reads the old rows and few others.
/// </summary>
public sealed class RecordRetention(
    TableServiceClient tables,
    IOptions<FleetClusterOptions> cluster,
    IOptionsMonitor<OscpOptions> options,
    TimeProvider clock,
    ILogger<RecordRetention> logger) : BackgroundService
{
    /// <summary>How often retention runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private DateTimeOffset nextRun = clock.GetUtcNow() + Interval;

    private string ServiceId => cluster.Value.ServiceId;

    /// <summary>Removes what is past retention at <paramref name="now"/>; returns how many journal and history rows went.</summary>
    public async Task<(int Journal, int History)> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var journalCutoff = now - TimeSpan.FromDays(options.CurrentValue.Journal.RetentionDays);
        var historyCutoff = now - TimeSpan.FromDays(options.CurrentValue.History.RetentionDays);
        var journal = await RemoveAsync("journal", JournalTable.TableName, journalCutoff, JournalRanges(journalCutoff), cancellationToken);
        var history = await RemoveAsync("history", HistoryTable.TableName, historyCutoff, HistoryRanges(historyCutoff), cancellationToken);
        return (journal, history);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Due an interval after the service was made (not after ExecuteAsync got going, which runs on its own thread).
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = nextRun - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
                var now = clock.GetUtcNow();
                nextRun = now + Interval;
                await RunAsync(now, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Day partitions up to the cutoff's day, site-month partitions up to the cutoff's month (rows filtered by At).
    private IEnumerable<(string From, string To)> JournalRanges(DateTimeOffset cutoff)
    {
        var day = cutoff.UtcDateTime.Date.AddDays(1);
        var month = new DateTime(cutoff.UtcDateTime.Year, cutoff.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        yield return ($"{ServiceId}|d|", $"{ServiceId}|d|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
        yield return ($"{ServiceId}|g|", $"{ServiceId}|g|{month.ToString("yyyyMM", CultureInfo.InvariantCulture)}");
    }

    private IEnumerable<(string From, string To)> HistoryRanges(DateTimeOffset cutoff)
    {
        var month = new DateTime(cutoff.UtcDateTime.Year, cutoff.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        // "0000-00" sorts before every month and after "|": only this service's month partitions.
        yield return ($"{ServiceId}|0000-00", $"{ServiceId}|{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}");
    }

    private async Task<int> RemoveAsync(string stream, string tableName, DateTimeOffset cutoff, IEnumerable<(string From, string To)> ranges, CancellationToken cancellationToken)
    {
        var removed = 0;
        try
        {
            var table = tables.GetTableClient(tableName);
            await table.CreateIfNotExistsAsync(cancellationToken);
            foreach (var (from, to) in ranges)
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and At lt {cutoff.ToUniversalTime()}");
                var old = new List<TableEntity>();
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                    old.Add(row);
                foreach (var batch in TableBatches.Of(old.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All))))
                {
                    await table.SubmitTransactionAsync(batch, cancellationToken);
                    removed += batch.Count;
                }
            }

            if (removed > 0) RecordLog.Removed(logger, stream, removed, cutoff);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage down, or another silo removing the same rows at the same time: the next run finishes the job.
            RecordLog.RetentionFailed(logger, stream, e.GetType().Name, TableBatches.StatusOf(e));
        }

        return removed;
    }
}
