using Azure.Data.Tables;
using OscpFleet.Testing;
using OscpFleet.Silo.Storage;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

/// <summary>Each meter batch is one append to the site's log before the 204; a period's close folds them into the meter row, whose slots the log reuses.</summary>
public sealed class MeterLogTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task Every_batch_is_one_log_entry_the_size_of_the_batch_and_nothing_else_is_written_for_it()
    {
        await cluster.Simulator.WaitForOnlineAsync(VectorPeerCluster.Timeout);
        var start = cluster.PeriodStart();
        cluster.AdvanceTo(start.AddMinutes(11));
        var before = await EntriesAsync();

        await cluster.PostSamplesAsync(Site, Sample($"{Site}-CS1", start.AddMinutes(1), 1_000, 0));
        await cluster.PostSamplesAsync(Site, Sample($"{Site}-CS1", start.AddMinutes(5), 1_400, 0), Sample($"{Site}-CS2", start.AddMinutes(5), 0, 0));
        await cluster.PostSamplesAsync(Site, Sample($"{Site}-CS1", start.AddMinutes(10), 1_900, 0));

        var entries = await EntriesAsync();
        Assert.Equal([1, 2, 1], entries.Where(e => !before.Any(b => b.RowKey == e.RowKey && b.GetInt64("Seq") == e.GetInt64("Seq"))).OrderBy(e => e.GetInt64("Seq")).Select(e => e.GetInt32("N")!.Value));

        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        var report = await cluster.WaitForReportAsync(Site, start);

        Assert.Equal(0.9, report.GetProperty("energy_measurement").GetProperty("value").GetDouble(), 6);
        // The entries stay (folded into the meter row, never read again); the next batches reuse the ring's slots.
        Assert.Equal(entries.Count, (await EntriesAsync()).Count);
    }

    private async Task<List<TableEntity>> EntriesAsync()
    {
        var table = new TableServiceClient(cluster.Storage.ConnectionString).GetTableClient(TableMeterLog.TableName);
        await table.CreateIfNotExistsAsync();
        var entries = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == $"{cluster.ClusterId}_{Site}")) entries.Add(entity);
        return entries;
    }
}
