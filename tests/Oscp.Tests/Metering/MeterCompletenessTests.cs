using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

/// <summary>A period without the data of a charger that was drawing power waits for it, bounded, and reports stay in order.</summary>
public sealed class MeterCompletenessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(60);

    private static PeriodClosing Close(SiteMeterState state, double minutes) => MeterAggregation.CloseThrough(state, At(minutes), Quarter, maxWait: Wait);

    [Fact]
    public void A_period_whose_active_charger_has_not_reported_past_its_end_waits_and_holds_the_next()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_000, 10_000), Sample("a", 7, 1_500, 10_000));

        Assert.Empty(Close(state, 15 + 30).Periods);
    }

    [Fact]
    public void When_the_missing_reading_arrives_late_the_period_is_reported_exactly_and_complete()
    {
        // Half the period's data comes 90 s after the boundary: 1 kWh in 10 minutes, 0.5 kWh of it before the end.
        var state = Fresh().Feed(Sample("a", 5, 1_000, 6_000));
        Assert.Empty(Close(state, 16).Periods);

        var (_, periods) = Close(state.Feed(Sample("a", 25, 3_000, 6_000)), 16.5);

        var period = Assert.Single(periods);
        Assert.Equal(1_000, period.EnergyWh, 9);
        Assert.True(period.Complete);
    }

    [Fact]
    public void At_the_limit_the_period_is_reported_with_what_is_known_and_marked_incomplete()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_000, 10_000), Sample("a", 7, 1_500, 10_000));

        var (_, periods) = Close(state, 15 + 60);

        Assert.False(periods[0].Complete);
        Assert.Equal(500, periods[0].EnergyWh, 9);
        // The charger went silent: its last reading is stale at the next boundaries, so they do not wait.
        Assert.Equal(5, periods.Count);
        Assert.All(periods.Skip(1), p => Assert.True(p.Complete));
    }

    [Fact]
    public void A_charger_drawing_nothing_at_the_end_does_not_hold_the_period() =>
        Assert.True(Assert.Single(Close(Fresh().Feed(Sample("a", 1, 1_000, 10_000), Sample("a", 7, 1_500, 0)), 16).Periods).Complete);

    [Fact]
    public void A_reading_at_or_after_the_end_of_every_active_charger_completes_the_period()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_000, 10_000), Sample("b", 2, 0, 5_000), Sample("a", 15, 2_000, 10_000));
        Assert.Empty(Close(state, 16).Periods);

        Assert.True(Assert.Single(Close(state.Feed(Sample("b", 16, 500, 5_000)), 16).Periods).Complete);
    }

    [Fact]
    public void Without_a_wait_every_due_period_closes_at_once_as_before() =>
        Assert.Single(MeterAggregation.CloseThrough(Fresh().Feed(Sample("a", 1, 1_000, 10_000)), At(16), Quarter).Periods);
}
