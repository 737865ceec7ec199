using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Forecasting;

public sealed class LimitScheduleTests
{
    private const double ContractMaxKw = 100;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => T0.AddHours(hours);

    private static ForecastedBlock Block(double fromHour, double toHour, double kw) =>
        new(kw, PhaseIndicator.All, ForecastedBlockUnit.Kw, H(fromHour), H(toHour));

    private static SiteForecasts Forecasts(CapacityForecastType type, string requestId, params ForecastedBlock[] blocks) =>
        SiteForecasts.Empty.Apply(type, blocks, ElectricalConnection.ThreePhase230V, requestId);

    [Fact]
    public void Schedule_splits_at_every_block_boundary_and_fills_gaps_with_the_base_doe()
    {
        var forecasts = Forecasts(CapacityForecastType.Consumption, "c1", Block(1, 2, 50), Block(2, 3, 40), Block(4, 5, 60));

        var schedule = LimitSchedule.Build(forecasts, H(0), H(6), connectionLost: false, baseDoeKw: 30, ContractMaxKw);

        Assert.Equal<ScheduledLimit>(
            [
                new(H(0), H(1), 30, LimitSource.BaseDoe, null),
                new(H(1), H(2), 50, LimitSource.Forecast, "c1"),
                new(H(2), H(3), 40, LimitSource.Forecast, "c1"),
                new(H(3), H(4), 30, LimitSource.BaseDoe, null),
                new(H(4), H(5), 60, LimitSource.Forecast, "c1"),
                new(H(5), H(6), 30, LimitSource.BaseDoe, null),
            ],
            schedule);
    }

    [Fact]
    public void Equal_neighbours_merge_into_one_interval()
    {
        // Both blocks are capped to the contract maximum, and the base DOE restates itself every quarter hour.
        var forecasts = Forecasts(CapacityForecastType.Consumption, "c1", Block(1, 2, 500), Block(2, 3, 400));
        (double, DateTimeOffset) BaseDoe(DateTimeOffset t) => (30, t.AddMinutes(15));

        var schedule = LimitSchedule.Build(forecasts, H(0), H(4), connectionLost: false, BaseDoe, ContractMaxKw);

        Assert.Equal<ScheduledLimit>(
            [
                new(H(0), H(1), 30, LimitSource.BaseDoe, null),
                new(H(1), H(3), ContractMaxKw, LimitSource.Forecast, "c1"),
                new(H(3), H(4), 30, LimitSource.BaseDoe, null),
            ],
            schedule);
    }

    [Fact]
    public void Equal_limits_from_different_requests_stay_apart()
    {
        var forecasts = Forecasts(CapacityForecastType.Consumption, "c1", Block(1, 2, 30))
            .Apply(CapacityForecastType.Consumption, [Block(2, 3, 30)], ElectricalConnection.ThreePhase230V, "c2");

        var schedule = LimitSchedule.Build(forecasts, H(1), H(3), connectionLost: false, baseDoeKw: 30, ContractMaxKw);

        // Compliance errors must name the request a limit came from.
        Assert.Equal<ScheduledLimit>(
            [new(H(1), H(2), 30, LimitSource.Forecast, "c1"), new(H(2), H(3), 30, LimitSource.Forecast, "c2")],
            schedule);
    }

    [Fact]
    public void Window_edges_cut_blocks_that_extend_beyond_it()
    {
        var forecasts = Forecasts(CapacityForecastType.Consumption, "c1", Block(0, 24, 50));

        var schedule = LimitSchedule.Build(forecasts, H(10.5), H(11), connectionLost: false, baseDoeKw: 30, ContractMaxKw);

        Assert.Equal<ScheduledLimit>([new(H(10.5), H(11), 50, LimitSource.Forecast, "c1")], schedule);
    }

    [Fact]
    public void Offline_schedule_uses_fallback_blocks()
    {
        var forecasts = Forecasts(CapacityForecastType.Consumption, "c1", Block(0, 4, 80))
            .Apply(CapacityForecastType.FallbackConsumption, [Block(1, 2, 10)], ElectricalConnection.ThreePhase230V, "f1");

        var schedule = LimitSchedule.Build(forecasts, H(0), H(3), connectionLost: true, baseDoeKw: 30, ContractMaxKw);

        Assert.Equal<ScheduledLimit>(
            [
                new(H(0), H(1), 30, LimitSource.BaseDoe, null),
                new(H(1), H(2), 10, LimitSource.Fallback, "f1"),
                new(H(2), H(3), 30, LimitSource.BaseDoe, null),
            ],
            schedule);
    }

    [Fact]
    public void Changes_of_the_base_doe_split_the_schedule()
    {
        // A day/night base DOE: 20 kW before 06:00, 40 kW after.
        (double, DateTimeOffset) BaseDoe(DateTimeOffset t) => t < H(6) ? (20, H(6)) : (40, DateTimeOffset.MaxValue);

        var schedule = LimitSchedule.Build(SiteForecasts.Empty, H(5), H(7), connectionLost: false, BaseDoe, ContractMaxKw);

        Assert.Equal<ScheduledLimit>(
            [new(H(5), H(6), 20, LimitSource.BaseDoe, null), new(H(6), H(7), 40, LimitSource.BaseDoe, null)],
            schedule);
    }

    [Fact]
    public void Schedule_is_capped_by_the_contract_maximum()
    {
        var forecasts = Forecasts(CapacityForecastType.Consumption, "c1", Block(0, 1, 500));

        var schedule = LimitSchedule.Build(forecasts, H(0), H(1), connectionLost: false, baseDoeKw: 30, ContractMaxKw);

        Assert.Equal(ContractMaxKw, Assert.Single(schedule).Kw);
    }

    [Fact]
    public void Empty_window_gives_an_empty_schedule() =>
        Assert.Empty(LimitSchedule.Build(SiteForecasts.Empty, H(1), H(1), connectionLost: false, baseDoeKw: 30, ContractMaxKw));

    [Fact]
    public void Base_doe_that_does_not_advance_is_rejected() =>
        Assert.Throws<InvalidOperationException>(() =>
            LimitSchedule.Build(SiteForecasts.Empty, H(0), H(1), connectionLost: false, t => (30, t), ContractMaxKw));
}
