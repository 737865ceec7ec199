using System.Collections.Frozen;
using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

/// <summary>What the CSMS's data gets wrong never reaches the grid operator: glitches, implausible jumps, resets.</summary>
public sealed class MeterTruthTests
{
    /// <summary>Charger "a" is rated 150 kW (9,900 Wh per 4 minutes with 10 % tolerance is the most it can add).</summary>
    private static readonly MeterRules Rules = new(
        MeterRules.DefaultResetThresholdWh, MeterRules.DefaultTolerance, new Dictionary<string, double> { ["a"] = 150 }.ToFrozenDictionary(), OtherChargersKw: 50);

    private static PeriodClosing Close(SiteMeterState state, double minutes) => MeterAggregation.CloseThrough(state, At(minutes), Quarter, rules: Rules);

    [Fact]
    public void A_one_wh_dip_is_a_glitch_not_a_reset_and_energy_resumes_past_the_previous_high()
    {
        // 1,835 kWh register, 0.5 kWh used in the period; one reading dips by 1 Wh.
        var state = Fresh().Feed(Sample("a", 1, 1_835_000), Sample("a", 5, 1_835_200), Sample("a", 6, 1_835_199), Sample("a", 10, 1_835_350), Sample("a", 14, 1_835_500));

        var period = Assert.Single(Close(state, 15).Periods);

        Assert.Equal(500, period.EnergyWh, 9);
        Assert.Equal(1, period.Glitches);
        Assert.Empty(period.Drops);
    }

    [Fact]
    public void Two_registers_under_one_charger_id_never_report_more_than_the_charger_can_use()
    {
        // An EVSE at 10 kWh and one at 500 kWh alternate under one station id, each adding 100 Wh a reading.
        var state = Fresh().Feed(
            Sample("a", 1, 10_000), Sample("a", 2, 500_000), Sample("a", 3, 10_100), Sample("a", 4, 500_100), Sample("a", 5, 10_200), Sample("a", 6, 500_200));

        var period = Assert.Single(Close(state, 15).Periods);

        Assert.InRange(period.EnergyWh, 0, 150_000 * (5 / 60.0) * 1.1);
        Assert.Equal(2, period.Glitches);
        Assert.Equal("a", Assert.Single(period.Drops).ChargerId);
    }

    [Fact]
    public void A_ten_mwh_register_jump_is_capped_at_the_chargers_rating_and_the_excess_counted()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_000_000), Sample("a", 2, 11_000_000));

        var period = Assert.Single(Close(state, 15).Periods);

        var cap = 150_000 * (1 / 60.0) * 1.1;
        Assert.Equal(cap, period.EnergyWh, 6);
        var drop = Assert.Single(period.Drops);
        Assert.Equal(("a", At(2)), (drop.ChargerId, drop.At));
        Assert.Equal(10_000_000 - cap, drop.DroppedWh, 6);
    }

    [Fact]
    public void A_charger_missing_from_the_site_is_bounded_by_the_sites_contract_maximum()
    {
        var state = Fresh().Feed(Sample("z", 1, 0), Sample("z", 7, 1_000_000));

        var period = Assert.Single(Close(state, 15).Periods);

        Assert.Equal(50_000 * (6 / 60.0) * 1.1, period.EnergyWh, 6);
    }

    [Fact]
    public void A_register_that_starts_again_from_a_small_value_is_a_reset()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_835_000), Sample("a", 5, 1_835_600), Sample("a", 10, 300), Sample("a", 14, 700));

        var period = Assert.Single(Close(state, 15).Periods);

        Assert.Equal(600 + 300 + 400, period.EnergyWh, 9);
        Assert.Equal(0, period.Glitches);
    }

    [Fact]
    public void A_decrease_to_what_a_fresh_register_could_count_in_the_time_is_a_reset()
    {
        // 5 minutes at up to 150 kW: a fresh register can show 12 kWh by then (above the 1 kWh threshold).
        var state = Fresh().Feed(Sample("a", 1, 1_835_000), Sample("a", 6, 12_000));

        Assert.Equal(12_000, Assert.Single(Close(state, 15).Periods).EnergyWh, 9);
    }

    [Fact]
    public void A_reset_the_csms_marks_counts_from_zero_whatever_the_value()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_835_000), new MeterSample("a", At(2), 40_000, 0, RegisterReset: true), Sample("a", 3, 40_500));

        var period = Assert.Single(Close(state, 15).Periods);

        Assert.Equal(0, period.Glitches);
        Assert.Equal(Math.Min(40_000, 150_000 * (1 / 60.0) * 1.1) + 500, period.EnergyWh, 6);
    }

    [Fact]
    public void A_marked_reset_whose_step_spans_a_boundary_is_counted_once()
    {
        var state = Fresh().Feed(Sample("a", 12, 500_000), new MeterSample("a", At(18), 600, 0, RegisterReset: true));

        var (_, periods) = Close(state, 30);

        Assert.Equal([300.0, 300.0], periods.Select(p => Math.Round(p.EnergyWh, 9)));
    }

    [Fact]
    public void A_glitch_that_spans_a_boundary_reports_nothing_and_keeps_the_previous_high()
    {
        var state = Fresh().Feed(Sample("a", 12, 500_000), Sample("a", 18, 499_999), Sample("a", 22, 500_400));

        var (_, periods) = Close(state, 30);

        Assert.Equal(400, periods.Sum(p => p.EnergyWh), 9);
        Assert.Equal(1, periods.Sum(p => p.Glitches));
    }

    [Fact]
    public void Without_ratings_every_decrease_is_a_reset_as_before() =>
        Assert.Equal(
            600 + 300,
            Assert.Single(MeterAggregation.CloseThrough(Fresh().Feed(Sample("a", 1, 5_000), Sample("a", 5, 5_600), Sample("a", 10, 300)), At(15), Quarter).Periods).EnergyWh,
            9);

    [Fact]
    public void The_newest_reading_held_is_the_last_sample_time()
    {
        Assert.Null(Fresh().LastSampleAt());
        var state = Fresh().Feed(Sample("a", 1, 0), Sample("b", 7, 0), Sample("a", 20, 10));
        Assert.Equal(At(20), state.LastSampleAt());
        Assert.Equal(At(20), Close(state, 15).State.LastSampleAt());
    }
}
