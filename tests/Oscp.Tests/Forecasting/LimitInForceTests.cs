using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Forecasting;

public sealed class LimitInForceTests
{
    private const double BaseDoeKw = 30;
    private const double ContractMaxKw = 100;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = T0.AddHours(12);

    private static SiteForecasts With(SiteForecasts forecasts, CapacityForecastType type, double kw, string requestId, PhaseIndicator phase = PhaseIndicator.All, double fromHour = 0, double toHour = 24) =>
        forecasts.Apply(type, [new ForecastedBlock(kw, phase, ForecastedBlockUnit.Kw, T0.AddHours(fromHour), T0.AddHours(toHour))], ElectricalConnection.ThreePhase230V, requestId);

    private static readonly SiteForecasts Both = With(
        With(SiteForecasts.Empty, CapacityForecastType.Consumption, 60, "c1"),
        CapacityForecastType.FallbackConsumption, 20, "f1");

    [Fact]
    public void Online_site_follows_the_consumption_forecast() =>
        Assert.Equal(new EffectiveLimit(60, LimitSource.Forecast, "c1"), LimitInForce.At(Both, Noon, peerOnline: true, BaseDoeKw, ContractMaxKw));

    [Fact]
    public void Limit_falls_back_when_offline() =>
        Assert.Equal(new EffectiveLimit(20, LimitSource.Fallback, "f1"), LimitInForce.At(Both, Noon, peerOnline: false, BaseDoeKw, ContractMaxKw));

    [Fact]
    public void Online_site_without_a_covering_consumption_block_falls_back()
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 60, "c1", toHour: 6), CapacityForecastType.FallbackConsumption, 20, "f1");

        Assert.Equal(new EffectiveLimit(20, LimitSource.Fallback, "f1"), LimitInForce.At(forecasts, Noon, peerOnline: true, BaseDoeKw, ContractMaxKw));
    }

    [Fact]
    public void Offline_site_without_a_fallback_block_uses_the_base_doe() =>
        Assert.Equal(
            new EffectiveLimit(BaseDoeKw, LimitSource.BaseDoe, null),
            LimitInForce.At(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 60, "c1"), Noon, peerOnline: false, BaseDoeKw, ContractMaxKw));

    [Fact]
    public void Site_without_forecasts_uses_the_base_doe() =>
        Assert.Equal(new EffectiveLimit(BaseDoeKw, LimitSource.BaseDoe, null), LimitInForce.At(SiteForecasts.Empty, Noon, peerOnline: true, BaseDoeKw, ContractMaxKw));

    [Theory]
    [InlineData(true, LimitSource.Forecast)]
    [InlineData(false, LimitSource.Fallback)]
    public void Limit_is_never_above_the_contract_maximum(bool online, LimitSource source)
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 500, "c1"), CapacityForecastType.FallbackConsumption, 400, "f1");

        var limit = LimitInForce.At(forecasts, Noon, online, BaseDoeKw, ContractMaxKw);

        Assert.Equal(ContractMaxKw, limit.Kw);
        Assert.Equal(source, limit.Source);
    }

    [Fact]
    public void Base_doe_is_capped_by_the_contract_maximum_too() =>
        Assert.Equal(ContractMaxKw, LimitInForce.At(SiteForecasts.Empty, Noon, peerOnline: true, baseDoeKw: 250, ContractMaxKw).Kw);

    [Fact]
    public void Zero_capacity_forecast_stops_charging() =>
        Assert.Equal(0, LimitInForce.At(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 0, "z1"), Noon, peerOnline: true, BaseDoeKw, ContractMaxKw).Kw);

    [Fact]
    public void Per_phase_blocks_give_three_times_the_tightest_phase()
    {
        var forecasts = With(
            With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 10, "p1", PhaseIndicator.One), CapacityForecastType.Consumption, 7, "p2", PhaseIndicator.Two),
            CapacityForecastType.Consumption, 12, "p3", PhaseIndicator.Three);

        Assert.Equal(new EffectiveLimit(21, LimitSource.Forecast, "p2"), LimitInForce.At(forecasts, Noon, peerOnline: true, BaseDoeKw, ContractMaxKw));
    }

    [Fact]
    public void Per_phase_rule_uses_the_phase_count_of_the_connection()
    {
        var forecasts = With(SiteForecasts.Empty, CapacityForecastType.Consumption, 7, "p1", PhaseIndicator.One);

        Assert.Equal(7, LimitInForce.At(forecasts, Noon, peerOnline: true, BaseDoeKw, ContractMaxKw, phaseCount: 1).Kw);
    }

    [Fact]
    public void Whole_site_block_wins_over_per_phase_blocks()
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 5, "p1", PhaseIndicator.One), CapacityForecastType.Consumption, 40, "all", PhaseIndicator.Unknown);

        Assert.Equal(new EffectiveLimit(40, LimitSource.Forecast, "all"), LimitInForce.At(forecasts, Noon, peerOnline: true, BaseDoeKw, ContractMaxKw));
    }
}
