using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench;

/// <summary>
/// The anchor: what the physical limit of "take a forecast in and store it" looks like on this machine. A bare ASP.NET
/// Core endpoint (<see cref="BaselineServer"/>) that reads the body into the product's typed records
/// (<see cref="OscpJson"/>, no validation) and does <b>one</b> Azure Table upsert of it — an entity per site holding the
/// body — on the same Azurite the deployment uses, then answers 204. Same warm-up, same burst, same concurrency as
/// OscpFleet. OscpFleet must reach half its forecasts/s, with at most twice its request p99.
/// </summary>
public static class AnchorBenchmark
{
    private const string Path = "/oscp/fp/2.0/update_group_capacity_forecast";

    /// <summary>Runs warm-up and burst against the anchor storing into a fresh table on <paramref name="connectionString"/>.</summary>
    public static async Task<(BurstResult Result, CpuReport Cpu)> RunAsync(string connectionString, IReadOnlyList<byte[][]> warmup, IReadOnlyList<byte[]> burst, int concurrency)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("anchor" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        await using var server = await BaselineServer.StartAsync(Path, async body =>
        {
            UpdateGroupCapacityForecast? forecast;
            try
            {
                forecast = OscpJson.Deserialize<UpdateGroupCapacityForecast>(body.Span);
            }
            catch (System.Text.Json.JsonException e)
            {
                return Results.BadRequest(e.Message);
            }
            if (forecast is null) return Results.BadRequest("null body");
            var entity = new TableEntity(forecast.GroupId, "forecast")
            {
                ["Type"] = forecast.Type.ToString(),
                ["Blocks"] = forecast.ForecastedBlocks.Count,
                ["Body"] = body.ToArray(),
            };
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace);
            return Results.NoContent();
        });
        var (result, usage) = await server.WarmThenMeasureAsync(Path, warmup, burst, concurrency, "anchor");
        await table.DeleteAsync();
        return (result, usage);
    }
}
