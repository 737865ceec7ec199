using System.Globalization;
using OscpFleet.Grains.Sites;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Gateway.Tests.Records;

/// <summary>The shared partitions of the journal and the history: stable shards, exact site ranges, time order.</summary>
public sealed class SiteShardTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_sites_shard_is_a_fixed_function_of_its_group_id_in_every_process()
    {
        // Pinned: a different hash (or string.GetHashCode, randomized per process) would hide every row written before.
        Assert.Equal([("BUS_AUK_1", "~05"), ("BENCH_00001", "~09"), ("a", "~12"), ("a-b", "~03"), ("SITE_1", "~06")],
            new[] { "BUS_AUK_1", "BENCH_00001", "a", "a-b", "SITE_1" }.Select(g => (g, SiteShard.Of(g))));
        Assert.Equal(SiteShard.Of(new string(['B', 'U', 'S', '_', 'A', 'U', 'K', '_', '1'])), SiteShard.Of("BUS_AUK_1"));
    }

    [Fact]
    public void Sites_spread_over_all_shards_about_evenly()
    {
        var counts = Enumerable.Range(1, 10_000).Select(i => SiteShard.Index(string.Create(CultureInfo.InvariantCulture, $"BENCH_{i:00000}")))
            .CountBy(s => s).ToDictionary();

        Assert.Equal(SiteShard.Count, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 500, 750));
        Assert.All(counts.Keys, s => Assert.InRange(s, 0, SiteShard.Count - 1));
    }

    [Theory]
    [InlineData("a", "a-b")]
    [InlineData("a", "ab")]
    [InlineData("a", "a_")]
    [InlineData("a", "A")]
    [InlineData("SITE_1", "SITE_10")]
    [InlineData("SITE_10", "SITE_1")]
    public void A_sites_row_key_range_holds_its_own_keys_and_never_another_sites(string site, string other)
    {
        var (start, end) = (SiteShard.RangeStart(site), SiteShard.RangeEnd(site));
        bool Inside(string key) => string.CompareOrdinal(key, start) >= 0 && string.CompareOrdinal(key, end) < 0;
        var journalKey = JournalTable.GroupRowKey(site, JournalTable.RowKey(At, "w1", 1));
        var otherJournalKey = JournalTable.GroupRowKey(other, JournalTable.RowKey(At, "w1", 1));

        Assert.True(Inside(journalKey));
        Assert.True(Inside(HistoryTable.PeriodRow(HistoryTable.SitePrefix(site), At)));
        Assert.True(Inside(HistoryTable.VersionRow(HistoryTable.SitePrefix(site), long.MaxValue)));
        Assert.False(Inside(otherJournalKey));
        Assert.False(Inside(HistoryTable.PeriodRow(HistoryTable.SitePrefix(other), At)));
        Assert.False(Inside(HistoryTable.VersionRow(HistoryTable.SitePrefix(other), 0)));
        Assert.False(Inside(HistoryTable.VersionRow(HistoryTable.SitePrefix(other), long.MaxValue)));
    }

    [Fact]
    public void A_sites_journal_keys_sort_by_time_and_its_history_keys_by_period_start_and_version()
    {
        var times = new[] { At, At.AddTicks(1), At.AddHours(1), At.AddDays(27) };
        var journal = times.Select((t, i) => JournalTable.GroupRowKey("SITE_1", JournalTable.RowKey(t, "zz", 10 - i))).ToList();
        var periods = times.Select(t => HistoryTable.PeriodRow("SITE_1|", t.AddTicks(-t.Ticks % TimeSpan.TicksPerSecond))).ToList();
        var versions = new long[] { 1, 9, 10, 1_000_000 }.Select(v => HistoryTable.VersionRow("SITE_1|", v)).ToList();

        Assert.Equal(journal, journal.Order(StringComparer.Ordinal));
        Assert.Equal(periods.Distinct(), periods.Order(StringComparer.Ordinal).Distinct());
        Assert.Equal(versions, versions.Order(StringComparer.Ordinal));
        Assert.Equal(times, journal.Select(k => JournalTable.AtOf(JournalTable.PlainRowKey(k))));
    }

    [Fact]
    public void A_shard_partition_never_has_the_name_of_a_site_partition_of_the_earlier_layout_and_keeps_time_first()
    {
        // "~" is not in the group-id alphabet: a site called "05" keeps its own old partition.
        Assert.NotEqual(JournalTable.GroupPartition("svc", "BUS_AUK_1", At), JournalTable.LegacyGroupPartition("svc", "05", At));
        Assert.Equal("svc|g|202612|~05", JournalTable.GroupPartition("svc", "BUS_AUK_1", At));
        Assert.Equal("svc|g|202612|BUS_AUK_1", JournalTable.LegacyGroupPartition("svc", "BUS_AUK_1", At));
        Assert.Equal("svc|2026-12|~05", HistoryTable.Partition("svc", "BUS_AUK_1", At));
        Assert.Equal("svc|2026-12|BUS_AUK_1", HistoryTable.LegacyPartition("svc", "BUS_AUK_1", At));
        // Retention's ranges end at the next month's name: every shard of the month sorts before it.
        Assert.True(string.CompareOrdinal(JournalTable.GroupPartition("svc", "BUS_AUK_1", At), "svc|g|202701") < 0);
        Assert.True(string.CompareOrdinal(HistoryTable.Partition("svc", "BUS_AUK_1", At), "svc|2027-01") < 0);
    }

    [Fact]
    public void History_rows_of_one_site_land_in_its_shard_keyed_by_its_group_id()
    {
        var period = HistoryTable.Period("svc", new PeriodHistory("SITE_1", At, At.AddMinutes(15), 50, 60, 1.5, 20, At.AddMinutes(17), true));
        var issued = HistoryTable.Issued("svc", new VersionHistory("SITE_1", 7, At, "forecast", null));
        var applied = HistoryTable.Applied("svc", "SITE_1", 7, At, At.AddSeconds(2));

        Assert.Equal([$"svc|2026-12|{SiteShard.Of("SITE_1")}"], new[] { period, issued, applied }.Select(a => a.Entity.PartitionKey).Distinct());
        Assert.Equal(["SITE_1|p|20261203101500", "SITE_1|v|0000000000000000007", "SITE_1|v|0000000000000000007"],
            new[] { period, issued, applied }.Select(a => a.Entity.RowKey));
    }

    [Fact]
    public void Journal_rows_of_many_sites_gathered_in_one_round_go_out_as_a_transaction_per_shard()
    {
        var actions = Enumerable.Range(1, 1000).SelectMany(i => JournalTable.Rows("svc",
            new OscpJournalEntry(At.AddMilliseconds(i), JournalDirections.In, "vector_test", string.Create(CultureInfo.InvariantCulture, $"BENCH_{i:00000}"),
                "update_group_capacity_forecast", null, null, 204, 1, ReadOnlyMemory<byte>.Empty, false), "w1", i)).ToList();

        var batches = TableBatches.Of(actions).ToList();

        // 10 of the day partition (100 rows each) and one per shard (about 63 rows each).
        Assert.Equal(10 + SiteShard.Count, batches.Count);
    }

    [Fact]
    public void History_rows_of_many_sites_gathered_in_one_round_go_out_as_a_transaction_per_shard_with_applied_folded_into_issued()
    {
        var sites = Enumerable.Range(1, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"BENCH_{i:00000}")).ToList();
        var actions = sites.Select((g, i) => HistoryTable.Issued("svc", new VersionHistory(g, i + 1, At, "forecast", null)))
            .Concat(sites.Select((g, i) => HistoryTable.Applied("svc", g, i + 1, At, At.AddSeconds(1))));

        var batches = TableBatches.Of(actions).ToList();

        Assert.Equal(SiteShard.Count, batches.Count);
        Assert.Equal(1000, batches.Sum(b => b.Count));
        Assert.All(batches.SelectMany(b => b), a => Assert.Equal(("forecast", At.AddSeconds(1)),
            (((Azure.Data.Tables.TableEntity)a.Entity).GetString("Reason"), ((Azure.Data.Tables.TableEntity)a.Entity).GetDateTimeOffset("AppliedAt"))));
    }
}
