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

    /// <summary>The first <see cref="JournalFilter.Limit"/> entries of <paramref name="filter"/>, and a cursor when more follow.</summary>
    public async Task<JournalPage> JournalPageAsync(JournalFilter filter, CancellationToken cancellationToken)
    {
        var entries = new List<JournalRecord>();
        var last = "";
        await foreach (var (record, rowKey) in JournalAsync(filter, cancellationToken))
        {
            if (entries.Count == filter.Limit) return new JournalPage(entries, RecordQuery.EncodeCursor(last));
            entries.Add(record);
            last = rowKey;
        }

        return new JournalPage(entries, null);
    }

    /// <summary>
    /// The entries of <paramref name="filter"/>, oldest first, each with its day row's key (for a cursor). With a group
    /// id, the site's row-key range in its shard of each month is read, merged in key order with the site-month
    /// partition of the earlier layout; otherwise the day partitions of the range. The other filters are applied by the
    /// table service.
    /// </summary>
    public async IAsyncEnumerable<(JournalRecord Record, string RowKey)> JournalAsync(JournalFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(JournalTable.TableName);
        var lower = filter.After ?? JournalTable.RowKeyFrom(filter.From);
        var upper = JournalTable.RowKeyFrom(filter.To);
        var start = filter.After is { } after ? JournalTable.AtOf(after) : filter.From;
        if (filter.GroupId is { } groupId)
        {
            for (var month = MonthStart(start); month < filter.To; month = month.AddMonths(1))
            {
                var shard = JournalQueryAsync(table, filter, JournalTable.GroupPartition(ServiceId, groupId, month),
                    JournalTable.GroupRowKey(groupId, lower), JournalTable.GroupRowKey(groupId, upper), cancellationToken);
                var legacy = JournalQueryAsync(table, filter, JournalTable.LegacyGroupPartition(ServiceId, groupId, month), lower, upper, cancellationToken);
                await foreach (var entry in MergeAsync(shard, legacy, cancellationToken)) yield return entry;
            }
        }
        else
        {
            for (var day = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero); day < filter.To; day = day.AddDays(1))
            {
                await foreach (var entry in JournalQueryAsync(table, filter, JournalTable.DayPartition(ServiceId, day), lower, upper, cancellationToken))
                    yield return entry;
            }
        }
    }

    /// <summary>
    /// The periods starting in [from, to) and the versions issued in it, oldest first: the site's row-key range in its
    /// shard of each month, and the site-month partition of the earlier layout. A version issued before the change and
    /// applied after it has a row in each; they are read as one.
    /// </summary>
    public async Task<(List<HistoryPeriodRecord> Periods, List<HistoryVersionRecord> Versions)> HistoryAsync(
        string groupId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(HistoryTable.TableName);
        var periods = new List<HistoryPeriodRecord>();
        var versions = new Dictionary<long, HistoryVersionRecord>();
        for (var month = MonthStart(from); month < to; month = month.AddMonths(1))
        {
            foreach (var (partition, prefix) in new[]
            {
                (HistoryTable.Partition(ServiceId, groupId, month), HistoryTable.SitePrefix(groupId)),
                (HistoryTable.LegacyPartition(ServiceId, groupId, month), ""),
            })
            {
                var periodQuery = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {partition} and RowKey ge {HistoryTable.PeriodRow(prefix, from)} and RowKey lt {HistoryTable.PeriodRow(prefix, to)}");
                await foreach (var row in QueryAsync(table, periodQuery, cancellationToken)) periods.Add(HistoryTable.ReadPeriod(row));
                var versionQuery = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {partition} and RowKey ge {prefix + "v|"} and RowKey lt {prefix + "v}"} and At ge {from} and At lt {to}");
                await foreach (var row in QueryAsync(table, versionQuery, cancellationToken))
                {
                    var version = HistoryTable.ReadVersion(row);
                    versions[version.Version] = versions.TryGetValue(version.Version, out var other)
                        ? version with { Reason = version.Reason ?? other.Reason, AppliedAt = version.AppliedAt ?? other.AppliedAt }
                        : version;
                }
            }
        }

        periods.Sort(static (a, b) => a.PeriodStart.CompareTo(b.PeriodStart));
        return (periods, [.. versions.Values.OrderBy(static v => v.Version)]);
    }

    private static IAsyncEnumerable<(JournalRecord Record, string RowKey)> JournalQueryAsync(
        TableClient table, JournalFilter filter, string partition, string lower, string upper, CancellationToken cancellationToken)
    {
        // After a cursor the bound is the last key returned, which must not come again.
        var query = filter.After is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {lower} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {lower} and RowKey lt {upper}");
        if (filter.PeerId is { } peer) query += " and " + TableClient.CreateQueryFilter($"PeerId eq {peer}");
        if (filter.Message is { } message) query += " and " + TableClient.CreateQueryFilter($"Message eq {message}");
        if (filter.Direction is { } direction) query += " and " + TableClient.CreateQueryFilter($"Direction eq {direction}");
        return QueryAsync(table, query, cancellationToken).Select(static row => (JournalTable.Read(row), JournalTable.PlainRowKey(row.RowKey)));
    }

    /// <summary>Two streams each in key order, as one in key order.</summary>
    private static async IAsyncEnumerable<(JournalRecord Record, string RowKey)> MergeAsync(
        IAsyncEnumerable<(JournalRecord Record, string RowKey)> first,
        IAsyncEnumerable<(JournalRecord Record, string RowKey)> second,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var a = first.GetAsyncEnumerator(cancellationToken);
        await using var b = second.GetAsyncEnumerator(cancellationToken);
        var hasA = await a.MoveNextAsync();
        var hasB = await b.MoveNextAsync();
        while (hasA || hasB)
        {
            if (hasA && (!hasB || string.CompareOrdinal(a.Current.RowKey, b.Current.RowKey) <= 0))
            {
                yield return a.Current;
                hasA = await a.MoveNextAsync();
            }
            else
            {
                yield return b.Current;
                hasB = await b.MoveNextAsync();
            }
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
