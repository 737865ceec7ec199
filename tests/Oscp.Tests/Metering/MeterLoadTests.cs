using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class MeterLoadTests
{
    [Fact]
    public void Max_load_sums_the_latest_power_of_each_charger()
    {
        var state = Fresh().Feed(Sample("a", 1, 0, 7_000), Sample("b", 2, 0, 11_000), Sample("a", 5, 100, 3_000), Sample("b", 9, 200, 1_000));

        Assert.Equal(18_000, Assert.Single(state.CloseAt(15).Periods).MaxLoadW);
    }

    [Fact]
    public void Load_at_the_period_start_counts_power_carried_from_the_previous_period()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 14, 0, 7_000)).CloseAt(30);

        Assert.Equal([7_000.0, 7_000.0], periods.Select(p => p.MaxLoadW));
    }

    [Fact]
    public void Stale_charger_contributes_no_load()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 1, 0, 7_000)).CloseAt(45);

        // Evaluated at 10:15 the 10:01 reading is 14 minutes old; at 10:30 it is 29 minutes old.
        Assert.Equal([7_000.0, 7_000.0, 0.0], periods.Select(p => p.MaxLoadW));
    }

    [Fact]
    public void Staleness_limit_can_be_tightened()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 1, 0, 7_000)).CloseAt(30, stale: TimeSpan.FromMinutes(5));

        Assert.Equal([7_000.0, 0.0], periods.Select(p => p.MaxLoadW));
    }

    [Fact]
    public void Interpolated_anchors_do_not_refresh_an_old_power_reading()
    {
        var (_, periods) = Fresh().Feed(Sample("a", 1, 0, 7_000), Sample("a", 60, 5_900, 2_000)).CloseAt(75);

        Assert.Equal([7_000.0, 7_000.0, 0.0, 0.0, 2_000.0], periods.Select(p => p.MaxLoadW));
    }
}
