using Azure.Data.Tables;

namespace OscpFleet.Hosting.Records;

/// <summary>Where a <see cref="TableBatchWriter{T}"/> writes: one Azure Table transaction per call (one partition, at most 100 actions).</summary>
public interface ITableBatchSink
{
    /// <summary>Submits <paramref name="actions"/> as one transaction; throws when it failed.</summary>
    Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken);
}

/// <summary><see cref="ITableBatchSink"/> on a table of the product's account, created on first use.</summary>
public sealed class TableBatchSink(TableServiceClient tables, string tableName) : ITableBatchSink
{
    private Task<TableClient>? ready;

    /// <inheritdoc />
    public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var client = await Table();
        await client.SubmitTransactionAsync(actions, cancellationToken);
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
        var client = tables.GetTableClient(tableName);
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
