using Azure;
using Azure.Data.Tables;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

/// <summary>
/// The emulator the tests and benchmarks run on carries the repository's key-lookup fix (<c>patches/</c>, applied by
/// <c>npm ci</c>), and with it still answers every keyed operation exactly: the fix finds a row through a hash map of
/// its two keys kept beside the table, so rows that share a RowKey (grain state), rows that share a PartitionKey
/// (journal shards) and rows whose keys mirror each other must each be found, refused and replaced as before, and the
/// map must follow every insert, removal and failed batch's rollback (keyed answers agree with queries, which do not
/// use it). A replaced or merged row is
/// put back where it was (the second fix): found again by its keys, by its partition and by its RowKey. A query that
/// requires one partition starts from the partition index (the third fix) and still returns exactly what the filter
/// selects, in key order, across pages; a filter that does not require one partition is not narrowed.
/// </summary>
public sealed class EmulatorKeyLookupTests
{
    private const int Rows = 40;

    [Fact]
    public void The_installed_emulator_carries_every_fix() =>
        Assert.EndsWith("(patched: key lookup, row replace, partition query)", Azurite.Describe(), StringComparison.Ordinal);

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

    [Fact]
    public async Task Replaced_and_merged_rows_are_found_by_key_by_partition_and_by_row_key()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < Rows; i++)
        {
            await table.AddEntityAsync(Row($"grain-{i:00}", "state", i));
            await table.AddEntityAsync(Row("shard", $"site-{i:00}", 100 + i));
        }

        // The fix replaces an updated or merged row where it is: each kind of write, on both kinds of row.
        var before = (await table.GetEntityAsync<TableEntity>("grain-00", "state")).Value.ETag;
        for (var i = 0; i < Rows; i += 2)
        {
            await table.UpdateEntityAsync(Row($"grain-{i:00}", "state", 1000 + i), ETag.All, TableUpdateMode.Replace);
            await table.UpsertEntityAsync(new TableEntity("shard", $"site-{i:00}") { ["M"] = i }, TableUpdateMode.Merge);
        }
        for (var i = 1; i < Rows; i += 2)
        {
            await table.UpdateEntityAsync(new TableEntity($"grain-{i:00}", "state") { ["M"] = i }, ETag.All, TableUpdateMode.Merge);
            await table.UpsertEntityAsync(Row("shard", $"site-{i:00}", 2000 + i), TableUpdateMode.Replace);
        }

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(Row("grain-00", "state", -1), before, TableUpdateMode.Replace));
        Assert.Equal(412, stale.Status);
        // A batch that fails after replacing a row leaves that row as it was.
        var failed = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row("shard", "site-01", -1)),
            new TableTransactionAction(TableTransactionActionType.Add, Row("shard", "site-02", -2)),
        ]));
        Assert.Equal(409, failed.Status);

        for (var i = 0; i < Rows; i++)
        {
            var grain = (await table.GetEntityAsync<TableEntity>($"grain-{i:00}", "state")).Value;
            var site = (await table.GetEntityAsync<TableEntity>("shard", $"site-{i:00}")).Value;
            Assert.Equal(i % 2 == 0 ? (1000 + i, null) : (i, i), (grain.GetInt32("N"), grain.GetInt32("M")));
            Assert.Equal(i % 2 == 0 ? (100 + i, i) : (2000 + i, null), (site.GetInt32("N"), site.GetInt32("M")));
        }
        Assert.Equal(Rows, await CountAsync(table, "PartitionKey eq 'shard'"));
        Assert.Equal(Rows, await CountAsync(table, "RowKey eq 'state'"));
        Assert.Equal(10, await CountAsync(table, "PartitionKey ge 'grain-10' and PartitionKey lt 'grain-20'"));
        Assert.Equal(10, await CountAsync(table, "PartitionKey eq 'shard' and RowKey ge 'site-30'"));
        Assert.Equal(Rows / 2, await CountAsync(table, "RowKey eq 'state' and N ge 1000"));
    }

    [Fact]
    public async Task A_failed_batch_takes_back_its_inserts_and_deletes_and_keyed_lookups_agree_with_queries()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < Rows; i++) await table.AddEntityAsync(Row("shard", $"site-{i:00}", i));

        // Insert a new row, replace an existing one, then insert it again, delete another, and fail on a duplicate:
        // the emulator takes every step back, and the key map (the first fix) must follow each one.
        var failed = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, Row("shard", "site-new", -1)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row("shard", "site-03", -3)),
            new TableTransactionAction(TableTransactionActionType.Delete, Row("shard", "site-05", 0), ETag.All),
            new TableTransactionAction(TableTransactionActionType.Add, Row("shard", "site-07", -7)),
        ]));
        Assert.Equal(409, failed.Status);

        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("shard", "site-new")).HasValue);
        Assert.Equal(3, (await table.GetEntityAsync<TableEntity>("shard", "site-03")).Value.GetInt32("N"));
        Assert.Equal(5, (await table.GetEntityAsync<TableEntity>("shard", "site-05")).Value.GetInt32("N"));
        Assert.Equal(Range(0, Rows), await ValuesAsync(table, "PartitionKey eq 'shard'"));
        // The row the batch took back can be inserted, the one it put back can not.
        await table.AddEntityAsync(Row("shard", "site-new", 500));
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(Row("shard", "site-05", -5)))).Status);

        // Deleted rows are gone by key and by query; a deleted key can be inserted again, once.
        for (var i = 0; i < Rows; i += 3) await table.DeleteEntityAsync("shard", $"site-{i:00}");
        for (var i = 0; i < Rows; i += 3) Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("shard", $"site-{i:00}")).HasValue);
        await table.AddEntityAsync(Row("shard", "site-00", 1000));
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(Row("shard", "site-00", -1)))).Status);
        var expected = Enumerable.Range(0, Rows).Where(i => i % 3 != 0).Prepend(1000).Append(500).ToList();
        Assert.Equal(expected, await ValuesAsync(table, "PartitionKey eq 'shard'"));

        // A table dropped and created again under the same name holds none of the old rows.
        await table.DeleteAsync();
        await table.CreateAsync();
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("shard", "site-01")).HasValue);
        await table.AddEntityAsync(Row("shard", "site-01", 1));
        Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("shard", "site-01")).Value.GetInt32("N"));
    }

    [Fact]
    public async Task A_query_that_requires_one_partition_returns_exactly_what_its_filter_selects()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < Rows; i++)
        {
            await table.AddEntityAsync(Row($"grain-{i:00}", "state", i));
            await table.AddEntityAsync(Row("shard", $"site-{i:00}", 100 + i));
            await table.AddEntityAsync(Row("O'Neil", $"site-{i:00}", 200 + i));
        }

        // Narrowed to one partition: alone, and-ed on either side, nested, written the other way round, quoted.
        Assert.Equal(Range(100, Rows), await ValuesAsync(table, "PartitionKey eq 'shard'"));
        Assert.Equal(Range(130, 10), await ValuesAsync(table, "PartitionKey eq 'shard' and N ge 130"));
        Assert.Equal(Range(100, 5), await ValuesAsync(table, "(N lt 105) and (PartitionKey eq 'shard')"));
        Assert.Equal(Range(110, 10), await ValuesAsync(table, "RowKey ge 'site-10' and (N lt 120 and 'shard' eq PartitionKey)"));
        Assert.Equal(Range(200, Rows), await ValuesAsync(table, "PartitionKey eq 'O''Neil'"));
        Assert.Empty(await ValuesAsync(table, "PartitionKey eq 'shard' and PartitionKey eq 'grain-01'"));
        Assert.Empty(await ValuesAsync(table, "PartitionKey eq 'nobody'"));
        // Not narrowed: either side of an "or", a negation, a range, a property that only resembles the key.
        Assert.Equal([3, .. Range(100, Rows)], await ValuesAsync(table, "PartitionKey eq 'shard' or PartitionKey eq 'grain-03'"));
        Assert.Equal(Range(0, Rows).Concat(Range(200, Rows)).Order(), (await ValuesAsync(table, "not (PartitionKey eq 'shard')")).Order());
        Assert.Equal(Range(0, 10), await ValuesAsync(table, "PartitionKey ge 'grain' and PartitionKey lt 'grain-10'"));
        Assert.Empty(await ValuesAsync(table, "partitionkey eq 'shard'"));

        // Pages of one partition's query follow on from each other without a gap or a repeat.
        var paged = new List<int>();
        await foreach (var page in table.QueryAsync<TableEntity>("PartitionKey eq 'shard' and N ge 105", maxPerPage: 7).AsPages())
        {
            Assert.True(page.Values.Count <= 7);
            paged.AddRange(page.Values.Select(row => row.GetInt32("N")!.Value));
        }
        Assert.Equal(Range(105, Rows - 5), paged);
    }

    private static List<int> Range(int start, int count) => [.. Enumerable.Range(start, count)];

    private static async Task<List<int>> ValuesAsync(TableClient table, string filter)
    {
        var values = new List<int>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter)) values.Add(row.GetInt32("N")!.Value);
        return values;
    }

    private static async Task<int> CountAsync(TableClient table, string filter)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter)) count++;
        return count;
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
