using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class MeterEnergyTests
{
    [Fact]
    public void First_sample_only_anchors_the_charger()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 5, 120_000)).CloseAt(15);

        Assert.Equal(new ClosedPeriod(At(0), At(15), 0, 0, 1), Assert.Single(periods));
    }

    [Fact]
    public void Energy_is_the_sum_of_register_deltas_of_all_chargers()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_000), Sample("a", 14, 3_000), Sample("b", 2, 500), Sample("b", 9, 900));

        var period = Assert.Single(state.CloseAt(15).Periods);

        Assert.Equal(2_400, period.EnergyWh, 9);
        Assert.Equal(4, period.SampleCount);
    }

    [Fact]
    public void Register_reset_counts_energy_since_the_reset()
    {
        var state = Fresh().Feed(Sample("a", 1, 5_000), Sample("a", 5, 5_600), Sample("a", 10, 300), Sample("a", 14, 700));

        Assert.Equal(600 + 300 + 400, Assert.Single(state.CloseAt(15).Periods).EnergyWh, 9);
    }

    [Fact]
    public void Sample_gap_across_boundary_is_apportioned_by_time()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 10, 1_000), Sample("a", 20, 2_000)).CloseAt(30);

        Assert.Equal([500.0, 500.0], periods.Select(p => Math.Round(p.EnergyWh, 9)));
    }

    [Fact]
    public void Register_reset_across_a_boundary_is_apportioned_by_time()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 12, 5_000), Sample("a", 18, 600)).CloseAt(30);

        Assert.Equal([300.0, 300.0], periods.Select(p => Math.Round(p.EnergyWh, 9)));
    }

    [Fact]
    public void Closing_after_two_hours_closes_eight_periods()
    {
        var (state, periods) = Fresh().Feed(Sample("a", 0, 0), Sample("a", 120, 8_000)).CloseAt(121);

        Assert.Equal(8, periods.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (At(15 * i), At(15 * (i + 1)))), periods.Select(p => (p.Start, p.End)));
        Assert.All(periods, p => Assert.Equal(1_000, p.EnergyWh, 9));
        Assert.Equal(At(120), state.OpenPeriodStart);
        Assert.Empty(state.Pending);
    }

    [Fact]
    public void Periods_without_samples_close_with_zero_energy()
    {
        var (_, periods) = Fresh().CloseAt(60);

        Assert.Equal(4, periods.Count);
        Assert.All(periods, p => Assert.Equal((0.0, 0), (p.EnergyWh, p.SampleCount)));
    }

    [Fact]
    public void Nothing_closes_before_the_period_ends()
    {
        var (state, periods) = Fresh().Feed(Sample("a", 1, 0)).CloseAt(14.99);

        Assert.Empty(periods);
        Assert.Equal(At(0), state.OpenPeriodStart);
        Assert.Single(state.Pending);
    }

    [Fact]
    public void Energy_learned_after_its_period_closed_is_carried_into_the_next_period()
    {
        var (state, first) = Fresh().Feed(Sample("a", 5, 1_000)).CloseAt(30);

        // The 10:20 reading arrives at 10:35, after its period [10:15, 10:30) was reported.
        var (_, later) = state.Feed(Sample("a", 20, 1_600)).CloseAt(45);

        Assert.Equal([0.0, 0.0], first.Select(p => p.EnergyWh));
        Assert.Equal(new ClosedPeriod(At(30), At(45), 600, 0, 1), Assert.Single(later));
    }

    [Fact]
    public void Sample_at_or_before_the_anchor_is_late_and_energy_still_telescopes()
    {
        var (state, first) = Fresh().Feed(Sample("a", 5, 1_000), Sample("a", 14, 2_000)).CloseAt(15);

        var acceptance = MeterAggregation.Accept(state, [Sample("a", 10, 1_500), Sample("a", 14, 2_000), Sample("a", 20, 2_600)]);
        var (_, second) = acceptance.State.CloseAt(30);

        Assert.Equal((1, 0, 2), (acceptance.Accepted, acceptance.Duplicates, acceptance.Late));
        Assert.Equal(2, acceptance.State.LateSamples);
        Assert.Equal(1_000 + 600, first.Concat(second).Sum(p => p.EnergyWh), 9);
    }

    [Fact]
    public void Sample_inside_a_gap_already_apportioned_is_late()
    {
        // Closed at 10:16, when the 10:20 reading had already arrived: [10:00, 10:15) took its share of 10:10→10:20.
        var (state, first) = Fresh().Feed(Sample("a", 10, 1_000), Sample("a", 20, 2_000)).CloseAt(16);

        var acceptance = MeterAggregation.Accept(state, [Sample("a", 17, 1_900)]);
        var (_, second) = acceptance.State.CloseAt(30);

        Assert.Equal(1, acceptance.Late);
        Assert.Equal(500, Assert.Single(first).EnergyWh, 9);
        Assert.Equal(500, Assert.Single(second).EnergyWh, 9);
    }

    [Fact]
    public void Malformed_sample_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => MeterAggregation.Accept(Fresh(), [Sample("", 1, 0)]));
        Assert.Throws<ArgumentException>(() => MeterAggregation.Accept(Fresh(), [Sample("a", 1, -1)]));
        Assert.Throws<ArgumentException>(() => MeterAggregation.Accept(Fresh(), [Sample("a", 1, double.NaN)]));
    }
}
