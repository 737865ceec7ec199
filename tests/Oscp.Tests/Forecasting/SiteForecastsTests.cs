using System.Text.Json;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Forecasting;

public sealed class SiteForecastsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ElectricalConnection Connection = ElectricalConnection.ThreePhase230V;

    private static ForecastedBlock Block(double fromHour, double toHour, double capacity, PhaseIndicator phase = PhaseIndicator.All, ForecastedBlockUnit unit = ForecastedBlockUnit.Kw) =>
        new(capacity, phase, unit, T0.AddHours(fromHour), T0.AddHours(toHour));

    [Fact]
    public void Each_forecast_type_keeps_its_own_timeline()
    {
        var forecasts = SiteForecasts.Empty
            .Apply(CapacityForecastType.Consumption, [Block(0, 2, 50)], Connection, "c1")
            .Apply(CapacityForecastType.FallbackConsumption, [Block(0, 2, 20)], Connection, "f1");

        Assert.Equal(new TimelineBlock(T0, T0.AddHours(2), 50, "c1"), forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All).At(T0));
        Assert.Equal(new TimelineBlock(T0, T0.AddHours(2), 20, "f1"), forecasts.Timeline(CapacityForecastType.FallbackConsumption, PhaseIndicator.All).At(T0));
        Assert.Empty(forecasts.Timeline(CapacityForecastType.Generation, PhaseIndicator.All).Blocks);
    }

    [Fact]
    public void Unknown_phase_is_stored_as_all_and_newest_wins_between_them()
    {
        var forecasts = SiteForecasts.Empty
            .Apply(CapacityForecastType.Consumption, [Block(0, 2, 50, PhaseIndicator.All)], Connection, "r1")
            .Apply(CapacityForecastType.Consumption, [Block(1, 2, 30, PhaseIndicator.Unknown)], Connection, "r2");

        var all = forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All);
        Assert.Equal(50, all.At(T0.AddHours(0.5))?.Kw);
        Assert.Equal(30, all.At(T0.AddHours(1.5))?.Kw);
        Assert.Equal(all, forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.Unknown));
        Assert.Single(forecasts.Series);
    }

    [Fact]
    public void Blocks_are_converted_to_kilowatts_per_phase()
    {
        var forecasts = SiteForecasts.Empty.Apply(
            CapacityForecastType.Consumption,
            [Block(0, 1, 16, PhaseIndicator.One, ForecastedBlockUnit.A), Block(0, 1, 32, PhaseIndicator.Two, ForecastedBlockUnit.A)],
            Connection,
            "r1");

        Assert.Equal(3.68, forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.One).At(T0)!.Value.Kw, 9);
        Assert.Equal(7.36, forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.Two).At(T0)!.Value.Kw, 9);
    }

    [Fact]
    public void Block_times_are_stored_in_utc()
    {
        var local = new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.FromHours(2));
        var forecasts = SiteForecasts.Empty.Apply(
            CapacityForecastType.Consumption, [new ForecastedBlock(10, PhaseIndicator.All, ForecastedBlockUnit.Kw, local, local.AddHours(1))], Connection, "r1");

        var block = Assert.Single(forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All).Blocks);
        Assert.Equal(TimeSpan.Zero, block.Start.Offset);
        Assert.Equal(T0, block.Start);
    }

    [Fact]
    public void Prune_drops_ended_data_and_empty_series()
    {
        var forecasts = SiteForecasts.Empty
            .Apply(CapacityForecastType.Consumption, [Block(0, 1, 50), Block(1, 3, 40)], Connection, "c1")
            .Apply(CapacityForecastType.FallbackConsumption, [Block(0, 1, 20)], Connection, "f1");

        var pruned = forecasts.PruneBefore(T0.AddHours(2));

        var series = Assert.Single(pruned.Series);
        Assert.Equal(CapacityForecastType.Consumption, series.Type);
        Assert.Equal(new TimelineBlock(T0.AddHours(1), T0.AddHours(3), 40, "c1"), Assert.Single(series.Timeline.Blocks));
    }

    [Fact]
    public void Forecasts_round_trip_through_System_Text_Json()
    {
        var forecasts = SiteForecasts.Empty
            .Apply(CapacityForecastType.Consumption, [Block(0, 1, 50), Block(1, 2, 40, PhaseIndicator.Three)], Connection, "c1")
            .Apply(CapacityForecastType.FallbackConsumption, [Block(0, 1, 20)], Connection, null);

        var json = JsonSerializer.Serialize(forecasts);
        var restored = JsonSerializer.Deserialize<SiteForecasts>(json);

        Assert.Equal(forecasts, restored);
        Assert.Contains("\"FALLBACK_CONSUMPTION\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_forecasts_without_series_read_as_empty()
    {
        var restored = JsonSerializer.Deserialize<SiteForecasts>("{}");

        Assert.NotNull(restored);
        Assert.Empty(restored.Series);
        Assert.Empty(restored.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All).Blocks);
    }
}
