using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using OscpFleet.Grains;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class GrainStateStorageTests(FleetCluster cluster)
{
    [Fact]
    public async Task Grain_state_is_stored_in_azure_tables_as_plain_json_with_its_schema_version()
    {
        var storage = cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        var grainId = GrainId.Create("storage-test", Guid.NewGuid().ToString("N"));
        var written = new SampleState { Name = "BUS_AUK_1", Type = CapacityForecastType.FallbackConsumption, At = cluster.Clock.GetUtcNow() };

        await storage.WriteStateAsync("sample", grainId, new GrainState<SampleState>(written));
        var readBack = new GrainState<SampleState>(new SampleState());
        await storage.ReadStateAsync("sample", grainId, readBack);

        Assert.True(readBack.RecordExists);
        Assert.NotNull(readBack.State);
        Assert.Equal(written.Name, readBack.State.Name);
        Assert.Equal(written.Type, readBack.State.Type);
        Assert.Equal(written.At, readBack.State.At);

        var stored = await ReadStoredPayloadsAsync(grainId);
        var json = Assert.Single(stored, s => s.Contains("BUS_AUK_1", StringComparison.Ordinal));
        Assert.Contains("\"schemaVersion\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"FALLBACK_CONSUMPTION\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
    }

    private async Task<List<string>> ReadStoredPayloadsAsync(GrainId grainId)
    {
        var tables = new TableServiceClient(cluster.Storage.ConnectionString);
        var payloads = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                if (!entity.PartitionKey.Contains(grainId.Key.ToString()!, StringComparison.Ordinal)) continue;
                foreach (var value in entity.Select(p => p.Value))
                {
                    if (value is byte[] bytes) payloads.Add(Encoding.UTF8.GetString(bytes));
                    else if (value is string text && text.StartsWith('{')) payloads.Add(text);
                }
            }
        }
        return payloads;
    }

    private sealed class SampleState
    {
        public int SchemaVersion { get; set; } = 1;

        public string Name { get; set; } = "";

        public CapacityForecastType Type { get; set; }

        public DateTimeOffset At { get; set; }
    }
}
