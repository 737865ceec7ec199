using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// A forecast crosses from the gateway to its site grain through Orleans' binary codec (a surrogate of arrays), not
/// JSON: it must arrive equal, every time at its instant and its offset, and the bytes must not be JSON.
/// </summary>
public sealed class ForecastSurrogateTests
{
    [Fact]
    public void A_forecast_round_trips_equal_through_the_grain_call_codec_and_not_as_json()
    {
        using var services = new ServiceCollection().AddFleetSerialization().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var t0 = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.FromHours(13));
        UpdateGroupCapacityForecast forecast = new("SITE_1", CapacityForecastType.FallbackConsumption,
        [
            .. Enumerable.Range(0, 96).Select(i => new ForecastedBlock(
                i * 1.25, (PhaseIndicator)(i % 5), (ForecastedBlockUnit)(i % 5), t0.AddMinutes(15 * i), t0.AddMinutes(15 * (i + 1)).ToOffset(TimeSpan.FromMinutes(-210)))),
        ]);

        var bytes = serializer.SerializeToArray(forecast);
        var read = serializer.Deserialize<UpdateGroupCapacityForecast>(bytes)!;

        Assert.Equal((forecast.GroupId, forecast.Type), (read.GroupId, read.Type));
        Assert.Equal(forecast.ForecastedBlocks, read.ForecastedBlocks);
        Assert.All(read.ForecastedBlocks.Zip(forecast.ForecastedBlocks), p =>
        {
            Assert.Equal(p.Second.StartTime.Offset, p.First.StartTime.Offset);
            Assert.Equal(p.Second.EndTime.Offset, p.First.EndTime.Offset);
        });
        Assert.DoesNotContain("\"Capacity\"", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        Assert.True(bytes.Length < 96 * 40, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Other_protocol_types_still_travel_as_json()
    {
        using var services = new ServiceCollection().AddFleetSerialization().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var block = new ForecastedBlock(7, PhaseIndicator.All, ForecastedBlockUnit.Kw, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(15));

        var bytes = serializer.SerializeToArray(block);

        Assert.Equal(block, serializer.Deserialize<ForecastedBlock>(bytes));
        Assert.Contains("\"Capacity\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
