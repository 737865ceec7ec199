using CsCheck;
using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class SiteLoadsTests
{
    [Fact]
    public void Load_sums_the_latest_power_of_each_charger_at_each_instant()
    {
        var state = Fresh().Feed(Sample("a", 1, 0, 7_000), Sample("b", 2, 0, 11_000), Sample("a", 5, 100, 3_000));

        var loads = SiteLoads.At(state, [At(0), At(1), At(2), At(4.9), At(5), At(9)], Quarter);

        Assert.Equal([(At(0), 0.0), (At(1), 7_000.0), (At(2), 18_000.0), (At(4.9), 18_000.0), (At(5), 14_000.0), (At(9), 14_000.0)], loads);
    }

    [Fact]
    public void Instants_come_back_distinct_and_ascending()
    {
        var state = Fresh().Feed(Sample("a", 1, 0, 7_000));

        var loads = SiteLoads.At(state, [At(3), At(0), At(3), At(1), At(0)], Quarter);

        Assert.Equal([At(0), At(1), At(3)], loads.Select(l => l.At));
        Assert.Equal([0.0, 7_000.0, 7_000.0], loads.Select(l => l.LoadW));
    }

    [Fact]
    public void Reading_older_than_the_staleness_limit_contributes_nothing()
    {
        var state = Fresh().Feed(Sample("a", 1, 0, 7_000), Sample("b", 10, 0, 2_000));

        var loads = SiteLoads.At(state, [At(11), At(16), At(16.01)], TimeSpan.FromMinutes(15));

        // At 10:16 the 10:01 reading is exactly 15 minutes old and still counts.
        Assert.Equal([9_000.0, 9_000.0, 2_000.0], loads.Select(l => l.LoadW));
    }

    [Fact]
    public void Anchors_count_with_the_time_of_their_real_reading()
    {
        // Closing at 10:15 leaves an anchor interpolated at 10:15 whose power is the 10:01 reading.
        var (state, _) = Fresh().Feed(Sample("a", 1, 0, 7_000), Sample("a", 60, 5_900, 2_000)).CloseAt(15);

        var loads = SiteLoads.At(state, [At(15), At(16), At(16.5), At(60)], Quarter);

        Assert.Equal([7_000.0, 7_000.0, 0.0, 2_000.0], loads.Select(l => l.LoadW));
    }

    [Fact]
    public void Site_without_readings_has_no_load() =>
        Assert.Equal([(At(0), 0.0)], SiteLoads.At(Fresh(), [At(0)], Quarter));

    [Fact]
    public void Negative_staleness_limit_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SiteLoads.At(Fresh(), [At(0)], TimeSpan.FromTicks(-1)));

    [Fact]
    public void Maximum_over_a_period_matches_the_reported_maximum_load() =>
        MeterScenario.Generator.Sample(scenario =>
        {
            var arrivals = scenario.Arrivals(inOrder: false);
            var state = Fresh();
            var fed = 0;
            var order = Enumerable.Range(0, scenario.Samples.Length).OrderBy(i => arrivals[i]).ToArray();
            var stale = TimeSpan.FromMinutes(10 + (scenario.Seed & 15));

            // Close one period at a time, feeding what arrived before each end, so anchors, carried
            // samples and samples beyond the period all take part.
            for (var end = At(15); end <= At(600); end += Quarter)
            {
                var batch = new List<MeterSample>();
                for (; fed < order.Length && arrivals[order[fed]] < end; fed++)
                {
                    batch.Add(scenario.Samples[order[fed]]);
                }

                state = MeterAggregation.Accept(state, batch).State;
                var start = state.OpenPeriodStart;
                var instants = state.Pending.Select(s => s.At).Where(t => t >= start && t < end).Append(start);
                var expected = SiteLoads.At(state, instants, stale).Max(l => l.LoadW);

                var closing = MeterAggregation.CloseThrough(state, end, Quarter, stale);
                Assert.Equal(expected, Assert.Single(closing.Periods).MaxLoadW);
                state = closing.State;
            }
        }, iter: 300);
}
