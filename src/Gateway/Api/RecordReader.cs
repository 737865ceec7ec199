using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OscpFleet.Hosting;
using OscpFleet.Hosting.Records;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// Reads the journal and history tables straight from storage (no grain holds them). A table that does not exist yet
/// (nothing written so far) reads as empty.
/// </summary>
internal sealed class RecordReader(TableServiceClient tables, IOptions<FleetClusterOptions> cluster)
{
    private string ServiceId => cluster.Value.ServiceId;

    /// <summary>
    /// The entries of <paramref name="filter"/>, oldest first, each with its row key (for a cursor). With a group id the
    /// site's month partitions are read; otherwise the day partitions of the range, with the other filters applied by
    /// the table service.
    /// </summary>
    public async IAsyncEnumerable<(JournalRecord Record, string RowKey)> JournalAsync(JournalFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(JournalTable.TableName);
        var lower = filter.After ?? JournalTable.RowKeyFrom(filter.From);
        var upper = JournalTable.RowKeyFrom(filter.To);
        var start = filter.After is { } after ? JournalTable.AtOf(after) : filter.From;
        foreach (var partition in JournalPartitions(filter, start))
        {
            var query = filter.After is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {lower} and RowKey lt {upper}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {lower} and RowKey lt {upper}");
            if (filter.PeerId is { } peer) query += " and " + TableClient.CreateQueryFilter($"PeerId eq {peer}");
            if (filter.Message is { } message) query += " and " + TableClient.CreateQueryFilter($"Message eq {message}");
            if (filter.Direction is { } direction) query += " and " + TableClient.CreateQueryFilter($"Direction eq {direction}");
            await foreach (var row in QueryAsync(table, query, cancellationToken))
                yield return (JournalTable.Read(row), row.RowKey);
        }
    }

    /// <summary>The periods starting in [from, to) and the versions issued in it, oldest first.</summary>
    public async Task<(List<HistoryPeriodRecord> Periods, List<HistoryVersionRecord> Versions)> HistoryAsync(
        string groupId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(HistoryTable.TableName);
        var periods = new List<HistoryPeriodRecord>();
        var versions = new List<HistoryVersionRecord>();
        for (var month = MonthStart(from); month < to; month = month.AddMonths(1))
        {
            var partition = HistoryTable.Partition(ServiceId, groupId, month);
            var periodQuery = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {HistoryTable.PeriodRow(from)} and RowKey lt {HistoryTable.PeriodRow(to)}");
            await foreach (var row in QueryAsync(table, periodQuery, cancellationToken)) periods.Add(HistoryTable.ReadPeriod(row));
            var versionQuery = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"v|"} and RowKey lt {"v}"} and At ge {from} and At lt {to}");
            await foreach (var row in QueryAsync(table, versionQuery, cancellationToken)) versions.Add(HistoryTable.ReadVersion(row));
        }

        versions.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        return (periods, versions);
    }

    private IEnumerable<string> JournalPartitions(JournalFilter filter, DateTimeOffset start)
    {
        if (filter.GroupId is { } groupId)
        {
            for (var month = MonthStart(start); month < filter.To; month = month.AddMonths(1))
                yield return JournalTable.GroupPartition(ServiceId, groupId, month);
        }
        else
        {
            for (var day = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero); day < filter.To; day = day.AddDays(1))
                yield return JournalTable.DayPartition(ServiceId, day);
        }
    }

    private static DateTimeOffset MonthStart(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private static async IAsyncEnumerable<TableEntity> QueryAsync(TableClient table, string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<TableEntity> page;
                try
                {
                    if (!await pages.MoveNextAsync()) yield break;
                    page = pages.Current;
                }
                catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
                {
                    yield break; // the table was never written
                }

                foreach (var row in page.Values) yield return row;
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }
}
