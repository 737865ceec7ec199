using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;
using static OscpFleet.Oscp.Tests.Compliance.Limits;

namespace OscpFleet.Oscp.Tests.Compliance;

public sealed class LimitHistoryTests
{
    [Fact]
    public void Entry_covering_the_instant_gives_the_limit_and_its_block()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100), Entry(15, 30, 80, "r2"))];

        Assert.Equal(new LimitAtInstant(80, LimitSource.Forecast, "r2", At(15), At(30), At(15), Lowered: true), LimitHistory.At(versions, At(20)));
    }

    [Fact]
    public void Block_end_is_exclusive()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100), Entry(15, 30, 120))];

        Assert.Equal(100, LimitHistory.At(versions, At(15).AddTicks(-1))!.Kw);
        Assert.Equal(120, LimitHistory.At(versions, At(15))!.Kw);
        Assert.Null(LimitHistory.At(versions, At(30)));
    }

    [Fact]
    public void Nothing_is_in_force_before_the_first_version_is_issued()
    {
        IssuedSchedule[] versions = [Version(5, Entry(0, 15, 100))];

        Assert.Null(LimitHistory.At(versions, At(4.9)));
        Assert.Null(LimitHistory.At<IssuedSchedule>([], At(4.9)));
        Assert.Equal(At(5), LimitHistory.At(versions, At(5))!.InForceSince);
    }

    [Fact]
    public void Instant_the_version_in_force_does_not_cover_has_no_limit_even_if_an_older_one_did()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 30, 100)), Version(5, Entry(15, 30, 80))];

        Assert.Equal(100, LimitHistory.At(versions, At(4))!.Kw);
        Assert.Null(LimitHistory.At(versions, At(10)));
    }

    [Fact]
    public void Version_issued_mid_block_takes_over_from_its_issue_time()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100, "r1")), Version(5, Entry(0, 15, 80, "r2"))];

        Assert.Equal(new LimitAtInstant(100, LimitSource.Forecast, "r1", At(0), At(15), At(0), Lowered: true), LimitHistory.At(versions, At(4)));
        Assert.Equal(new LimitAtInstant(80, LimitSource.Forecast, "r2", At(0), At(15), At(5), Lowered: true), LimitHistory.At(versions, At(7)));
    }

    [Fact]
    public void Limit_raised_or_unchanged_is_not_lowered()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100), Entry(15, 30, 120)), Version(20, Entry(15, 30, 120, "r2")), Version(25, Entry(15, 30, 130, "r3"))];

        Assert.False(LimitHistory.At(versions, At(16))!.Lowered);
        // Re-issued unchanged at 20: the value has held since 15.
        Assert.Equal((At(15), false), (LimitHistory.At(versions, At(21))!.InForceSince, LimitHistory.At(versions, At(21))!.Lowered));
        Assert.Equal((At(25), false), (LimitHistory.At(versions, At(26))!.InForceSince, LimitHistory.At(versions, At(26))!.Lowered));
    }

    [Fact]
    public void A_lowered_value_re_issued_by_a_later_version_keeps_its_allowance_from_the_lowering()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100), Entry(15, 30, 60, "r1")), Version(16, Entry(15, 30, 60, "r2"), Entry(30, 45, 90, "r2"))];

        var limit = LimitHistory.At(versions, At(16.5))!;

        Assert.Equal((60.0, "r2", At(15), true), (limit.Kw, limit.RequestId, limit.InForceSince, limit.Lowered));
    }

    [Fact]
    public void First_limit_after_a_gap_counts_as_lowered()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100), Entry(20, 30, 150))];

        Assert.True(LimitHistory.At(versions, At(25))!.Lowered);
    }

    [Fact]
    public void Base_doe_entry_has_no_request_id()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 30, requestId: null))];

        var limit = LimitHistory.At(versions, At(1))!;

        Assert.Equal((30.0, LimitSource.BaseDoe, (string?)null), (limit.Kw, limit.Source, limit.RequestId));
    }
}
