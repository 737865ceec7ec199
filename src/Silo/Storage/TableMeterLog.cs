using Azure.Data.Tables;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Metering;

namespace OscpFleet.Silo.Storage;

/// <summary>
/// <see cref="IMeterLog"/> on Azure Table Storage: table <c>OscpFleetMeterLog</c>, partition = service id + group id,
/// a ring of <see cref="Slots"/> rows (row = sequence modulo the ring; the sequence itself in <c>Seq</c>), so entries
/// folded into the meter row are overwritten later instead of deleted: one write per batch, nothing else. The batch is
/// in <see cref="MeterBatchCodec"/> form split over binary properties of at most 64 KiB (<c>B0</c>, <c>B1</c>, …; an
/// entity holds at most 1 MiB, a 5,000-sample batch about 300 KB).
/// </summary>
public sealed class TableMeterLog(TableServiceClient tables, string serviceId) : IMeterLog
{
    /// <summary>The table's name.</summary>
    public const string TableName = "OscpFleetMeterLog";

    /// <summary>Rows in each site's ring.</summary>
    public const int Slots = 64;

    private const int ChunkBytes = 64 * 1024;
    private const int MaxChunks = 15;
    private Task<TableClient>? ready;

    /// <inheritdoc />
    public async Task AppendAsync(string groupId, long sequence, IReadOnlyList<MeterSample> samples)
    {
        var bytes = MeterBatchCodec.Encode(samples);
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks) throw new InvalidOperationException($"a meter batch of {bytes.Length} bytes is too large for one log entry");
        var entity = new TableEntity(Partition(groupId), Row(groupId, sequence % Slots)) { ["Seq"] = sequence, ["N"] = samples.Count };
        for (var i = 0; i < chunks; i++)
        {
            entity[$"B{i}"] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }

        // Replace: the slot's previous entry was folded into the meter row long ago (the site folds before the ring is full).
        await (await Table()).UpsertEntityAsync(entity, TableUpdateMode.Replace);
    }

    /// <inheritdoc />
    public int Capacity => Slots;

    /// <inheritdoc />
    public async Task<IReadOnlyList<(long Sequence, IReadOnlyList<MeterSample> Samples)>> ReadAsync(string groupId, long afterSequence)
    {
        var client = await Table();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(groupId)} and Seq gt {afterSequence}");
        var entries = new List<(long Sequence, IReadOnlyList<MeterSample> Samples)>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter))
        {
            using var bytes = new MemoryStream();
            for (var i = 0; entity.TryGetValue($"B{i}", out var chunk) && chunk is byte[] part; i++) bytes.Write(part);
            entries.Add((entity.GetInt64("Seq")!.Value, MeterBatchCodec.Decode(bytes.ToArray())));
        }

        entries.Sort(static (x, y) => x.Sequence.CompareTo(y.Sequence));
        return entries;
    }

    /// <summary>The table, created once; a failed creation (storage down) is tried again on the next call.</summary>
    private Task<TableClient> Table()
    {
        var current = ready;
        if (current is null || current.IsFaulted || current.IsCanceled) ready = current = CreateAsync();
        return current;
    }

    private async Task<TableClient> CreateAsync()
    {
        var client = tables.GetTableClient(TableName);
        await client.CreateIfNotExistsAsync();
        return client;
    }

    private string Partition(string groupId) => $"{serviceId}_{groupId}";

    /// <summary>
    /// The group id and the slot: the row key is unique across partitions too, which Azure does not need but its
    /// emulator does (Azurite looks entities up by row key first; a slot number shared by every site made each write
    /// scan all sites' rows).
    /// </summary>
    private static string Row(string groupId, long slot) => $"{groupId}-{slot.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)}";
}
