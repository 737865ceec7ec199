using Azure.Data.Tables;
using OscpFleet.Hosting.Records;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Records;

/// <summary>An Azurite of its own with the journal and history tables; each test uses a service id of its own.</summary>
public sealed class RecordTablesFixture : IAsyncLifetime
{
    private Azurite? azurite;

    /// <summary>The storage.</summary>
    public TableServiceClient Tables { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartAsync();
        Tables = new TableServiceClient(azurite.ConnectionString);
        await Tables.GetTableClient(JournalTable.TableName).CreateIfNotExistsAsync();
        await Tables.GetTableClient(HistoryTable.TableName).CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null) await azurite.DisposeAsync();
    }

    /// <summary>Writes <paramref name="actions"/> as the background writer does (<see cref="TableBatches.Of"/>).</summary>
    public async Task WriteAsync(string table, IEnumerable<TableTransactionAction> actions)
    {
        var client = Tables.GetTableClient(table);
        foreach (var batch in TableBatches.Of(actions)) await client.SubmitTransactionAsync(batch);
    }
}
