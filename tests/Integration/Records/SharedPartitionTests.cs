using System.Globalization;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OscpFleet.Gateway.Api;
using OscpFleet.Grains.Sites;
using OscpFleet.Hosting;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Integration.Records;

/// <summary>
/// The journal's and the history's shared month partitions against Azurite, read as the API reads them: sites of one
/// shard never see each other's rows, pages continue with the cursor across months and across the earlier layout's
/// rows, and retention removes old rows of both layouts.
/// </summary>
public sealed class SharedPartitionTests(RecordTablesFixture storage) : IClassFixture<RecordTablesFixture>
{
    private const string Site = "SITE_1";

    /// <summary>A site whose name starts with <see cref="Site"/>'s, in the same shard.</summary>
    private static readonly string Neighbour = Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Site}-{i}"))
        .First(g => SiteShard.Of(g) == SiteShard.Of(Site));

    private static readonly DateTimeOffset Now = new(2026, 12, 20, 12, 0, 0, TimeSpan.Zero);

    private readonly string service = "t" + Guid.NewGuid().ToString("N")[..12];
    private long sequence;

    private RecordReader Reader => new(storage.Tables, Options.Create(new FleetClusterOptions { ServiceId = service }));

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static OscpJournalEntry Entry(DateTimeOffset at, string groupId, string requestId) =>
        new(at, JournalDirections.In, "vector_test", groupId, "update_group_capacity_forecast", requestId, null, 204, 1, ReadOnlyMemory<byte>.Empty, false);

    private static PeriodHistory Period(string groupId, DateTimeOffset start, double energyKwh) =>
        new(groupId, start, start.AddMinutes(15), 50, 60, energyKwh, 20, start.AddMinutes(17), true);

    private Task JournalAsync(params OscpJournalEntry[] entries) =>
        storage.WriteAsync(JournalTable.TableName, entries.SelectMany(e => JournalTable.Rows(service, e, "w1", ++sequence)));

    /// <summary>Entries as the earlier layout wrote them: the day row, and the site's own month partition under the same key.</summary>
    private Task LegacyJournalAsync(params OscpJournalEntry[] entries) =>
        storage.WriteAsync(JournalTable.TableName, entries.SelectMany(e =>
        {
            var rows = JournalTable.Rows(service, e, "w1", ++sequence).ToList();
            var legacy = new TableEntity((TableEntity)rows[1].Entity)
            {
                PartitionKey = JournalTable.LegacyGroupPartition(service, e.GroupId!, e.At),
                RowKey = rows[0].Entity.RowKey,
            };
            return new[] { rows[0], new TableTransactionAction(TableTransactionActionType.UpsertReplace, legacy) };
        }));

    private Task HistoryAsync(params TableTransactionAction[] actions) => storage.WriteAsync(HistoryTable.TableName, actions);

    /// <summary>A history action as the earlier layout wrote it: the site's own month partition, keys without the group id.</summary>
    private TableTransactionAction Legacy(TableTransactionAction action, string groupId)
    {
        var entity = (TableEntity)action.Entity;
        return new(action.ActionType, new TableEntity(entity)
        {
            PartitionKey = HistoryTable.LegacyPartition(service, groupId, entity.GetDateTimeOffset("At")!.Value),
            RowKey = entity.RowKey[HistoryTable.SitePrefix(groupId).Length..],
        });
    }

    private JournalFilter Filter(string groupId, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor = null)
    {
        var query = new Dictionary<string, StringValues>
        {
            ["groupId"] = groupId, ["from"] = Utc(from), ["to"] = Utc(to), ["limit"] = limit.ToString(CultureInfo.InvariantCulture),
        };
        if (cursor is not null) query["cursor"] = cursor;
        var (filter, errors) = RecordQuery.Journal(new QueryCollection(query), Now, export: false);
        return filter ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    /// <summary>Every page of the query, as a client paging with the cursor sees them.</summary>
    private async Task<List<List<string?>>> PagesAsync(string groupId, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var pages = new List<List<string?>>();
        string? cursor = null;
        do
        {
            var page = await Reader.JournalPageAsync(Filter(groupId, from, to, limit, cursor), CancellationToken.None);
            pages.Add([.. page.Entries.Select(e => e.RequestId)]);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 100);

        return pages;
    }

    [Fact]
    public async Task Two_sites_of_one_shard_each_read_only_their_own_journal_and_history()
    {
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        await JournalAsync(Entry(at, Site, "s1"), Entry(at.AddSeconds(1), Neighbour, "n1"), Entry(at.AddSeconds(2), Site, "s2"), Entry(at.AddSeconds(3), Neighbour, "n2"));
        await HistoryAsync(
            HistoryTable.Period(service, Period(Site, at, 1.5)), HistoryTable.Period(service, Period(Neighbour, at, 2.5)),
            HistoryTable.Issued(service, new VersionHistory(Site, 3, at, "forecast", null)),
            HistoryTable.Issued(service, new VersionHistory(Neighbour, 4, at, "fallback", null)));

        // They share one partition of each table: a burst of both is one transaction per table.
        var journalPartition = storage.Tables.GetTableClient(JournalTable.TableName)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {JournalTable.GroupPartition(service, Site, at)}"));
        Assert.Equal(4, await journalPartition.CountAsync());
        var pages = await PagesAsync(Site, at.AddHours(-1), at.AddHours(1), 100);
        Assert.Equal([["s1", "s2"]], pages);
        Assert.Equal([["n1", "n2"]], await PagesAsync(Neighbour, at.AddHours(-1), at.AddHours(1), 100));

        var (periods, versions) = await Reader.HistoryAsync(Site, at.AddHours(-1), at.AddHours(1), CancellationToken.None);
        Assert.Equal(1.5, Assert.Single(periods).EnergyKwh);
        Assert.Equal((3L, "forecast"), (Assert.Single(versions).Version, versions[0].Reason));
        var (neighbourPeriods, neighbourVersions) = await Reader.HistoryAsync(Neighbour, at.AddHours(-1), at.AddHours(1), CancellationToken.None);
        Assert.Equal(2.5, Assert.Single(neighbourPeriods).EnergyKwh);
        Assert.Equal(4L, Assert.Single(neighbourVersions).Version);
    }

    [Fact]
    public async Task A_31_day_range_over_two_months_pages_in_time_order_with_the_cursor()
    {
        var from = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(31);
        var times = new[] { from, from.AddDays(5), new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), to.AddSeconds(-1) };
        await JournalAsync([.. times.Reverse().Select((t, i) => Entry(t, Site, $"s{times.Length - i}"))]);
        await JournalAsync([.. times.Select((t, i) => Entry(t.AddTicks(1), Neighbour, $"n{i + 1}"))]);
        await JournalAsync(Entry(from.AddTicks(-1), Site, "before"), Entry(to, Site, "after"));

        Assert.Equal([["s1", "s2"], ["s3", "s4"], ["s5"]], await PagesAsync(Site, from, to, 2));
        Assert.Equal([["s1", "s2", "s3", "s4", "s5"]], await PagesAsync(Site, from, to, 5));

        var periodStarts = new[] { from.AddHours(1), new DateTimeOffset(2026, 11, 30, 23, 45, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), to.AddMinutes(-15) };
        await HistoryAsync([.. periodStarts.Select(s => HistoryTable.Period(service, Period(Site, s, 1))), .. periodStarts.Select(s => HistoryTable.Period(service, Period(Neighbour, s, 2)))]);
        await HistoryAsync(
            HistoryTable.Issued(service, new VersionHistory(Site, 1, from.AddHours(1), "forecast", null)),
            HistoryTable.Issued(service, new VersionHistory(Site, 2, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "forecast", null)),
            HistoryTable.Issued(service, new VersionHistory(Site, 3, to, "forecast", null)));
        var (periods, versions) = await Reader.HistoryAsync(Site, from, to, CancellationToken.None);
        Assert.Equal(periodStarts, periods.Select(p => p.PeriodStart));
        Assert.All(periods, p => Assert.Equal(1, p.EnergyKwh));
        Assert.Equal([1L, 2L], versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Rows_of_the_earlier_layout_are_read_with_the_new_ones_and_their_cursors_stay_valid()
    {
        var day = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        await LegacyJournalAsync(Entry(day, Site, "old1"), Entry(day.AddDays(2), Site, "old3"), Entry(day.AddDays(1), Neighbour, "neighbour-old"));
        await JournalAsync(Entry(day.AddDays(1), Site, "new2"), Entry(day.AddDays(3), Site, "new4"));

        Assert.Equal([["old1"], ["new2"], ["old3"], ["new4"]], await PagesAsync(Site, day, day.AddDays(4), 1));
        // A cursor handed out before the change (a legacy row's key) continues into the new layout.
        var legacyKey = JournalTable.RowKey(day, "w1", 1);
        var page = await Reader.JournalPageAsync(Filter(Site, day, day.AddDays(4), 10, RecordQuery.EncodeCursor(legacyKey)), CancellationToken.None);
        Assert.Equal(["new2", "old3", "new4"], page.Entries.Select(e => e.RequestId));

        // A version issued before the change and applied after it has a row in each layout: read as one.
        await HistoryAsync(
            Legacy(HistoryTable.Period(service, Period(Site, day, 1)), Site),
            Legacy(HistoryTable.Issued(service, new VersionHistory(Site, 5, day, "forecast", null)), Site),
            HistoryTable.Applied(service, Site, 5, day, day.AddSeconds(3)),
            HistoryTable.Period(service, Period(Site, day.AddMinutes(15), 2)),
            HistoryTable.Issued(service, new VersionHistory(Site, 6, day.AddMinutes(15), "operator", null)));
        var (periods, versions) = await Reader.HistoryAsync(Site, day, day.AddDays(1), CancellationToken.None);
        Assert.Equal([(day, 1.0), (day.AddMinutes(15), 2.0)], periods.Select(p => (p.PeriodStart, p.EnergyKwh)));
        Assert.Equal(
            [new HistoryVersionRecord(5, day, "forecast", day.AddSeconds(3)), new HistoryVersionRecord(6, day.AddMinutes(15), "operator", null)],
            versions);
    }

    [Fact]
    public async Task Retention_removes_old_rows_of_both_layouts_and_keeps_the_rest()
    {
        await JournalAsync(Entry(Now.AddDays(-91), Site, "old-new"), Entry(Now.AddDays(-89), Site, "kept-new"));
        await LegacyJournalAsync(Entry(Now.AddDays(-92), Site, "old-legacy"), Entry(Now.AddDays(-88), Site, "kept-legacy"));
        var oldStart = Now.AddDays(-401).AddHours(-12);
        var keptStart = Now.AddDays(-399).AddHours(-12);
        await HistoryAsync(
            HistoryTable.Period(service, Period(Site, oldStart, 1)), HistoryTable.Period(service, Period(Site, keptStart, 2)),
            Legacy(HistoryTable.Period(service, Period(Site, oldStart.AddMinutes(15), 3)), Site),
            Legacy(HistoryTable.Period(service, Period(Site, keptStart.AddMinutes(15), 4)), Site));
        using var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        var retention = new RecordRetention(storage.Tables, Options.Create(new FleetClusterOptions { ServiceId = service }),
            services.GetRequiredService<IOptionsMonitor<OscpOptions>>(), TimeProvider.System, NullLogger<RecordRetention>.Instance);

        var (journal, history) = await retention.RunAsync(Now);

        Assert.Equal(4, journal); // each old entry's day row and its site row
        Assert.Equal(2, history);
        Assert.Equal([["kept-new"]], await PagesAsync(Site, Now.AddDays(-90), Now.AddDays(-89).AddMinutes(1), 10));
        Assert.Equal([["kept-legacy"]], await PagesAsync(Site, Now.AddDays(-89).AddMinutes(1), Now.AddDays(-88).AddMinutes(1), 10));
        Assert.Equal([[]], await PagesAsync(Site, Now.AddDays(-93), Now.AddDays(-90), 10));
        var (oldPeriods, _) = await Reader.HistoryAsync(Site, oldStart.AddDays(-1), oldStart.AddDays(1), CancellationToken.None);
        var (keptPeriods, _) = await Reader.HistoryAsync(Site, keptStart.AddDays(-1), keptStart.AddDays(1), CancellationToken.None);
        Assert.Empty(oldPeriods);
        Assert.Equal([2.0, 4.0], keptPeriods.Select(p => p.EnergyKwh));
    }
}
