using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Compliance;

public sealed class PeriodLimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ScheduledLimit Entry(int fromMinute, int toMinute, double kw) =>
        new(T0.AddMinutes(fromMinute), T0.AddMinutes(toMinute), kw, LimitSource.Forecast, "r");

    [Fact]
    public void One_version_gives_the_range_of_its_entries_that_overlap_the_period()
    {
        var versions = new[] { new IssuedSchedule(T0.AddHours(-1), [Entry(-60, 5, 100), Entry(5, 10, 40), Entry(10, 60, 70), Entry(60, 120, 5)]) };

        Assert.Equal(new PeriodLimits(40, 100), PeriodLimits.Over(versions, T0, T0.AddMinutes(15)));
    }

    [Fact]
    public void A_version_issued_mid_period_replaces_the_older_one_from_its_issue_on()
    {
        var versions = new[]
        {
            new IssuedSchedule(T0.AddHours(-1), [Entry(-60, 120, 100)]),
            new IssuedSchedule(T0.AddMinutes(7), [Entry(7, 120, 20)]),
        };

        Assert.Equal(new PeriodLimits(20, 100), PeriodLimits.Over(versions, T0, T0.AddMinutes(15)));
        // From minute 7 on, only the new version counts, whatever the old one said.
        Assert.Equal(new PeriodLimits(20, 20), PeriodLimits.Over(versions, T0.AddMinutes(7), T0.AddMinutes(15)));
    }

    [Fact]
    public void No_version_covering_the_period_gives_no_range()
    {
        var versions = new[] { new IssuedSchedule(T0.AddMinutes(30), [Entry(30, 120, 50)]) };

        Assert.Null(PeriodLimits.Over(versions, T0, T0.AddMinutes(15)));
        Assert.Null(PeriodLimits.Over(Array.Empty<IssuedSchedule>(), T0, T0.AddMinutes(15)));
    }
}
