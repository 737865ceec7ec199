using OscpFleet.Oscp.Metering;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class MeteringPeriodsTests
{
    private static readonly TimeSpan Quarter = MeteringPeriods.QuarterHour;

    [Theory]
    [InlineData("2025-03-01T10:07:30Z", "2025-03-01T10:00:00Z")]
    [InlineData("2025-03-01T10:15:00Z", "2025-03-01T10:15:00Z")]
    [InlineData("2025-03-01T10:44:59.999Z", "2025-03-01T10:30:00Z")]
    [InlineData("2025-03-01T23:59:59Z", "2025-03-01T23:45:00Z")]
    [InlineData("2025-03-01T12:52:00+02:00", "2025-03-01T10:45:00Z")]
    [InlineData("2025-03-01T10:20:00+05:30", "2025-03-01T04:45:00Z")]
    public void Periods_align_to_utc_quarter_hours(string instant, string expectedStart)
    {
        var start = MeteringPeriods.Align(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), Quarter);

        Assert.Equal(DateTimeOffset.Parse(expectedStart, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void Hourly_periods_align_to_whole_utc_hours() =>
        Assert.Equal(
            new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero),
            MeteringPeriods.Align(new DateTimeOffset(2025, 3, 1, 10, 59, 0, TimeSpan.Zero), TimeSpan.FromHours(1)));

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(1440)]
    public void Lengths_that_divide_a_day_are_valid(int minutes) =>
        Assert.True(MeteringPeriods.IsValidLength(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(0)]
    [InlineData(-15)]
    [InlineData(7)]
    [InlineData(25)]
    [InlineData(2880)]
    public void Period_length_must_divide_a_day(int minutes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MeteringPeriods.Align(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Unaligned_start_ends_at_the_next_boundary() =>
        Assert.Equal(
            new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.Zero),
            MeteringPeriods.EndOf(new DateTimeOffset(2025, 3, 1, 10, 20, 0, TimeSpan.Zero), Quarter));
}
