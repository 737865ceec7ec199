using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>
/// Base DOE boundaries across clock changes. Auckland 2026: on 5 April NZDT (+13) ends, clocks go
/// back from 03:00 to 02:00 at 14:00Z on the 4th (02:00–02:59 happen twice); on 27 September NZST
/// (+12) ends, clocks go forward from 02:00 to 03:00 at 14:00Z on the 26th (02:00–02:59 never happen).
/// London 2026: forward 01:00→02:00 at 01:00Z on 29 March; back 02:00→01:00 at 01:00Z on 25 October.
/// </summary>
public sealed class BaseDoeDaylightSavingTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static BaseDoeProfile Auckland(params BaseDoeEntry[] entries) => new([.. entries], "Pacific/Auckland");

    private static BaseDoeProfile London(params BaseDoeEntry[] entries) => new([.. entries], "Europe/London");

    [Fact]
    public void Fall_back_a_repeated_local_time_takes_effect_at_its_first_occurrence()
    {
        var profile = Auckland(new("00:00", 100), new("02:30", 50), new("03:00", 80));

        // 02:30 NZDT (first occurrence) = 13:30Z; 03:00 NZST = 15:00Z.
        Assert.Equal((100, Utc("2026-04-04T13:30:00Z")), profile.At(Utc("2026-04-04T13:29:59Z")));
        Assert.Equal((50, Utc("2026-04-04T15:00:00Z")), profile.At(Utc("2026-04-04T13:30:00Z")));
    }

    [Fact]
    public void Fall_back_the_repeated_hour_does_not_switch_back_to_the_earlier_entry()
    {
        var profile = Auckland(new("00:00", 100), new("02:30", 50), new("03:00", 80));

        // 14:10Z is 02:10 NZST, the second time the clock shows it: 02:30's value stays in force.
        Assert.Equal((50, Utc("2026-04-04T15:00:00Z")), profile.At(Utc("2026-04-04T14:10:00Z")));
        Assert.Equal((80, Utc("2026-04-05T12:00:00Z")), profile.At(Utc("2026-04-04T15:00:00Z")));
    }

    [Fact]
    public void Fall_back_an_entry_at_the_start_of_the_repeated_hour_takes_effect_once()
    {
        var profile = Auckland(new("00:00", 100), new("02:00", 50));

        // 02:00 NZDT = 13:00Z; the clock reading 02:00 again at 14:00Z changes nothing; next: midnight NZST = 12:00Z.
        Assert.Equal((100, Utc("2026-04-04T13:00:00Z")), profile.At(Utc("2026-04-04T12:00:00Z")));
        Assert.Equal((50, Utc("2026-04-05T12:00:00Z")), profile.At(Utc("2026-04-04T13:00:00Z")));
        Assert.Equal((50, Utc("2026-04-05T12:00:00Z")), profile.At(Utc("2026-04-04T14:00:00Z")));
    }

    [Fact]
    public void Spring_forward_a_skipped_local_time_takes_effect_at_the_first_instant_after_the_gap()
    {
        var profile = Auckland(new("00:00", 100), new("02:30", 50), new("04:00", 80));

        // 02:30 does not exist on 27 September: the clock jumps from 01:59:59 NZST to 03:00 NZDT at 14:00Z.
        Assert.Equal((100, Utc("2026-09-26T14:00:00Z")), profile.At(Utc("2026-09-26T13:59:59Z")));
        Assert.Equal((50, Utc("2026-09-26T15:00:00Z")), profile.At(Utc("2026-09-26T14:00:00Z")));
    }

    [Fact]
    public void Spring_forward_entries_meeting_after_the_gap_leave_no_empty_interval()
    {
        // 02:00, 02:30 (skipped) and 03:00 (right after the gap) all take effect at 14:00Z; the latest wins.
        var profile = Auckland(new("00:00", 100), new("02:00", 60), new("02:30", 50), new("03:00", 80));

        var before = profile.At(Utc("2026-09-26T13:59:00Z"));
        var after = profile.At(Utc("2026-09-26T14:00:00Z"));

        Assert.Equal((100, Utc("2026-09-26T14:00:00Z")), before);
        Assert.Equal((80, Utc("2026-09-27T11:00:00Z")), after);
    }

    [Fact]
    public void A_schedule_across_spring_forward_has_no_empty_or_backward_interval()
    {
        var profile = Auckland(new("00:00", 100), new("02:00", 60), new("02:30", 50), new("03:00", 80), new("07:00", 30));
        var from = Utc("2026-09-26T00:00:00Z");

        var schedule = LimitSchedule.Build(SiteForecasts.Empty, from, from.AddDays(2), connectionLost: false, profile.At, contractMaxKw: 1000);

        Assert.All(schedule, s => Assert.True(s.Start < s.End, $"empty or backward {s}"));
        Assert.Equal(
            [
                (from, 30.0), // 12:00 NZST on the 26th: the 07:00 entry
                (Utc("2026-09-26T12:00:00Z"), 100), // midnight NZST
                (Utc("2026-09-26T14:00:00Z"), 80), // the gap: 02:00 and 02:30 are skipped, 03:00 NZDT wins
                (Utc("2026-09-26T18:00:00Z"), 30), // 07:00 NZDT
                (Utc("2026-09-27T11:00:00Z"), 100), // midnight NZDT
                (Utc("2026-09-27T13:00:00Z"), 60), // 02:00 NZDT
                (Utc("2026-09-27T13:30:00Z"), 50),
                (Utc("2026-09-27T14:00:00Z"), 80),
                (Utc("2026-09-27T18:00:00Z"), 30),
            ],
            schedule.Select(s => (s.Start, s.Kw)));
    }

    [Fact]
    public void A_schedule_across_fall_back_gives_the_local_day_its_25_hours()
    {
        var profile = Auckland(new("00:00", 100), new("12:00", 40));
        var from = Utc("2026-04-04T11:00:00Z"); // 00:00 NZDT on 5 April

        var schedule = LimitSchedule.Build(SiteForecasts.Empty, from, from.AddHours(25), connectionLost: false, profile.At, contractMaxKw: 1000);

        // 00:00 NZDT to 12:00 NZST is 13 hours; 12:00 NZST to midnight NZST 12 hours.
        Assert.Equal(
            [(from, from.AddHours(13), 100.0), (from.AddHours(13), from.AddHours(25), 40)],
            schedule.Select(s => (s.Start, s.End, s.Kw)));
    }

    [Fact]
    public void London_spring_forward_moves_a_skipped_entry_to_02_00_BST()
    {
        var profile = London(new("00:00", 100), new("01:30", 50), new("07:00", 80));

        Assert.Equal((100, Utc("2026-03-29T01:00:00Z")), profile.At(Utc("2026-03-29T00:59:59Z")));
        Assert.Equal((50, Utc("2026-03-29T06:00:00Z")), profile.At(Utc("2026-03-29T01:00:00Z")));
    }

    [Fact]
    public void London_fall_back_keeps_a_repeated_entry_through_the_second_occurrence()
    {
        var profile = London(new("00:00", 100), new("01:30", 50), new("07:00", 80));

        // 01:30 BST = 00:30Z; at 01:15Z the clock shows 01:15 GMT, the repeat: 50 stays until 07:00 GMT.
        Assert.Equal((100, Utc("2026-10-25T00:30:00Z")), profile.At(Utc("2026-10-24T23:30:00Z")));
        Assert.Equal((50, Utc("2026-10-25T07:00:00Z")), profile.At(Utc("2026-10-25T00:30:00Z")));
        Assert.Equal((50, Utc("2026-10-25T07:00:00Z")), profile.At(Utc("2026-10-25T01:15:00Z")));
    }

    [Fact]
    public void London_midnight_entries_follow_the_offset_of_each_day()
    {
        var profile = London(new("00:00", 100), new("12:00", 40));

        Assert.Equal((100, Utc("2026-03-29T11:00:00Z")), profile.At(Utc("2026-03-29T00:00:00Z")));
        Assert.Equal((40, Utc("2026-03-29T23:00:00Z")), profile.At(Utc("2026-03-29T11:00:00Z")));
        Assert.Equal((40, Utc("2026-10-26T00:00:00Z")), profile.At(Utc("2026-10-25T12:00:00Z")));
    }
}
