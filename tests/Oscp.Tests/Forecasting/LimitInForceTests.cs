using System.Collections.Immutable;
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
        Assert.Equal(new EffectiveLimit(60, LimitSource.Forecast, "c1"), LimitInForce.At(Both, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw));

    [Fact]
    public void Limit_comes_down_to_a_lower_fallback_when_the_connection_is_lost() =>
        Assert.Equal(new EffectiveLimit(20, LimitSource.Fallback, "f1"), LimitInForce.At(Both, Noon, connectionLost: true, BaseDoeKw, ContractMaxKw));

    [Fact]
    public void Online_site_without_a_covering_consumption_block_falls_back()
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 60, "c1", toHour: 6), CapacityForecastType.FallbackConsumption, 20, "f1");

        Assert.Equal(new EffectiveLimit(20, LimitSource.Fallback, "f1"), LimitInForce.At(forecasts, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw));
    }

    [Fact]
    public void Lost_connection_without_a_fallback_block_comes_down_to_a_lower_base_doe() =>
        Assert.Equal(
            new EffectiveLimit(BaseDoeKw, LimitSource.BaseDoe, null),
            LimitInForce.At(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 60, "c1"), Noon, connectionLost: true, BaseDoeKw, ContractMaxKw));

    [Fact]
    public void Site_without_forecasts_uses_the_base_doe() =>
        Assert.Equal(new EffectiveLimit(BaseDoeKw, LimitSource.BaseDoe, null), LimitInForce.At(SiteForecasts.Empty, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw));

    [Theory]
    [InlineData(true, LimitSource.Forecast)]
    [InlineData(false, LimitSource.Fallback)]
    public void Limit_is_never_above_the_contract_maximum(bool online, LimitSource source)
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 500, "c1"), CapacityForecastType.FallbackConsumption, 400, "f1");

        var limit = LimitInForce.At(forecasts, Noon, connectionLost: !online, BaseDoeKw, ContractMaxKw);

        Assert.Equal(ContractMaxKw, limit.Kw);
        Assert.Equal(source, limit.Source);
    }

    [Fact]
    public void Base_doe_is_capped_by_the_contract_maximum_too() =>
        Assert.Equal(ContractMaxKw, LimitInForce.At(SiteForecasts.Empty, Noon, connectionLost: false, baseDoeKw: 250, ContractMaxKw).Kw);

    [Fact]
    public void Zero_capacity_forecast_stops_charging() =>
        Assert.Equal(0, LimitInForce.At(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 0, "z1"), Noon, connectionLost: false, BaseDoeKw, ContractMaxKw).Kw);

    [Fact]
    public void Per_phase_blocks_give_three_times_the_tightest_phase()
    {
        var forecasts = With(
            With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 10, "p1", PhaseIndicator.One), CapacityForecastType.Consumption, 7, "p2", PhaseIndicator.Two),
            CapacityForecastType.Consumption, 12, "p3", PhaseIndicator.Three);

        Assert.Equal(new EffectiveLimit(21, LimitSource.Forecast, "p2"), LimitInForce.At(forecasts, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw));
    }

    [Fact]
    public void Per_phase_rule_uses_the_phase_count_of_the_connection()
    {
        var forecasts = With(SiteForecasts.Empty, CapacityForecastType.Consumption, 7, "p1", PhaseIndicator.One);

        Assert.Equal(7, LimitInForce.At(forecasts, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw, phaseCount: 1).Kw);
    }

    [Fact]
    public void The_tighter_of_a_whole_site_block_and_the_per_phase_blocks_binds()
    {
        // 100 kW for the site, 10 A on one phase: 3 × 2.3 kW binds, named by the phase block's request.
        var forecasts = SiteForecasts.Empty
            .Apply(CapacityForecastType.Consumption, [new ForecastedBlock(100, PhaseIndicator.All, ForecastedBlockUnit.Kw, T0, T0.AddHours(24))], ElectricalConnection.ThreePhase230V, "all")
            .Apply(CapacityForecastType.Consumption, [new ForecastedBlock(10, PhaseIndicator.One, ForecastedBlockUnit.A, T0, T0.AddHours(24))], ElectricalConnection.ThreePhase230V, "amps");

        var limit = LimitInForce.At(forecasts, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw);

        Assert.Equal(6.9, limit.Kw, 9);
        Assert.Equal("amps", limit.RequestId);
    }

    [Fact]
    public void A_whole_site_block_tighter_than_the_phases_binds()
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 50, "p1", PhaseIndicator.One), CapacityForecastType.Consumption, 40, "all", PhaseIndicator.Unknown);

        Assert.Equal(new EffectiveLimit(40, LimitSource.Forecast, "all"), LimitInForce.At(forecasts, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw));
    }

    [Fact]
    public void An_emergency_stop_holds_when_the_connection_is_lost_whatever_the_fallback()
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 0, "stop"), CapacityForecastType.FallbackConsumption, 300, "f1");

        Assert.Equal(new EffectiveLimit(0, LimitSource.Forecast, "stop"), LimitInForce.At(forecasts, Noon, connectionLost: true, BaseDoeKw, ContractMaxKw));
        Assert.Equal(new EffectiveLimit(0, LimitSource.Forecast, "stop"), LimitInForce.At(forecasts, Noon, connectionLost: true, baseDoeKw: 500, ContractMaxKw));
    }

    [Fact]
    public void A_fallback_higher_than_the_last_forecast_is_never_used_when_the_connection_is_lost()
    {
        var forecasts = With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 50, "c1"), CapacityForecastType.FallbackConsumption, 300, "f1");

        Assert.Equal(new EffectiveLimit(50, LimitSource.Forecast, "c1"), LimitInForce.At(forecasts, Noon, connectionLost: true, BaseDoeKw, contractMaxKw: 1000));
    }

    [Fact]
    public void Where_no_consumption_block_covers_the_instant_a_lost_connection_uses_the_fallback_alone() =>
        Assert.Equal(
            new EffectiveLimit(20, LimitSource.Fallback, "f1"),
            LimitInForce.At(With(With(SiteForecasts.Empty, CapacityForecastType.Consumption, 60, "c1", toHour: 6), CapacityForecastType.FallbackConsumption, 20, "f1"), Noon, connectionLost: true, BaseDoeKw, ContractMaxKw));

    [Theory]
    [InlineData(-4)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_value_never_becomes_a_limit_above_zero(double kw)
    {
        var blocks = ImmutableArray.Create(new TimelineBlock(T0, T0.AddHours(24), kw, "bad"));
        var forecasts = new SiteForecasts([new ForecastSeries(CapacityForecastType.Consumption, PhaseIndicator.All, new ForecastTimeline(blocks))]);

        Assert.Equal(0, LimitInForce.At(forecasts, Noon, connectionLost: false, BaseDoeKw, ContractMaxKw).Kw);
        Assert.Equal(0, LimitInForce.At(forecasts, Noon, connectionLost: true, BaseDoeKw, ContractMaxKw).Kw);
        Assert.Equal(0, LimitInForce.At(SiteForecasts.Empty, Noon, connectionLost: true, baseDoeKw: kw, ContractMaxKw).Kw);
    }
}
