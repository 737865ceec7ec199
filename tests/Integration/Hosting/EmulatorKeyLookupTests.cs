using Azure;
using Azure.Data.Tables;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

/// <summary>
/// The emulator the tests and benchmarks run on carries the repository's key-lookup fix (<c>patches/</c>, applied by
/// <c>npm ci</c>), and with it still answers every keyed operation exactly: the fix only chooses which key index a
/// lookup starts from, so rows that share a RowKey (grain state), rows that share a PartitionKey (journal shards) and
/// rows whose keys mirror each other must each be found, refused and replaced as before.
/// </summary>
public sealed class EmulatorKeyLookupTests
{
    private const int Rows = 40;

    [Fact]
    public void The_installed_emulator_carries_the_key_lookup_fix() =>
        Assert.EndsWith("(key lookup patched)", Azurite.Describe(), StringComparison.Ordinal);

    [Fact]
    public async Task Keyed_reads_writes_and_refusals_find_exactly_their_row()
    {
        var table = await NewTableAsync();
        // Many partitions with one shared RowKey, one partition with many RowKeys, and a pair of mirrored keys.
        for (var i = 0; i < Rows; i++)
        {
            await table.AddEntityAsync(Row($"grain-{i:00}", "state", i));
            await table.AddEntityAsync(Row("shard", $"site-{i:00}", 100 + i));
        }
        await table.AddEntityAsync(Row("a", "b", 1000));
        await table.AddEntityAsync(Row("b", "a", 1001));

        for (var i = 0; i < Rows; i++)
        {
            Assert.Equal(i, (await table.GetEntityAsync<TableEntity>($"grain-{i:00}", "state")).Value.GetInt32("N"));
            Assert.Equal(100 + i, (await table.GetEntityAsync<TableEntity>("shard", $"site-{i:00}")).Value.GetInt32("N"));
        }
        Assert.Equal(1000, (await table.GetEntityAsync<TableEntity>("a", "b")).Value.GetInt32("N"));
        Assert.Equal(1001, (await table.GetEntityAsync<TableEntity>("b", "a")).Value.GetInt32("N"));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("grain-00", "site-00")).HasValue);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("shard", "state")).HasValue);

        var duplicate = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(Row("grain-07", "state", -1)));
        Assert.Equal(409, duplicate.Status);

        var current = (await table.GetEntityAsync<TableEntity>("grain-07", "state")).Value;
        await table.UpdateEntityAsync(Row("grain-07", "state", 77), current.ETag, TableUpdateMode.Replace);
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(Row("grain-07", "state", -1), current.ETag, TableUpdateMode.Replace));
        Assert.Equal(412, stale.Status);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(Row("grain-99", "state", -1), ETag.All, TableUpdateMode.Merge));
        Assert.Equal(404, missing.Status);

        await table.UpsertEntityAsync(Row("shard", "site-03", 303), TableUpdateMode.Replace);
        await table.DeleteEntityAsync("grain-05", "state");
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, Row("shard", "site-new", 500)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row("shard", "site-04", 404)),
            new TableTransactionAction(TableTransactionActionType.Delete, Row("shard", "site-06", 0), ETag.All),
        ]);

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>()) rows[$"{row.PartitionKey}/{row.RowKey}"] = row.GetInt32("N")!.Value;
        Assert.Equal(2 * Rows + 2 - 2 + 1, rows.Count);
        Assert.Equal(77, rows["grain-07/state"]);
        Assert.Equal(303, rows["shard/site-03"]);
        Assert.Equal(404, rows["shard/site-04"]);
        Assert.Equal(500, rows["shard/site-new"]);
        Assert.False(rows.ContainsKey("grain-05/state"));
        Assert.False(rows.ContainsKey("shard/site-06"));
        Assert.Equal(8, rows["grain-08/state"]);
        Assert.Equal(1000, rows["a/b"]);
    }

    private static TableEntity Row(string partitionKey, string rowKey, int n) => new(partitionKey, rowKey) { ["N"] = n };

    private static async Task<TableClient> NewTableAsync()
    {
        var azurite = await Azurite.SharedAsync();
        var table = new TableServiceClient(azurite.ConnectionString)
            .GetTableClient("keys" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        return table;
    }
}
