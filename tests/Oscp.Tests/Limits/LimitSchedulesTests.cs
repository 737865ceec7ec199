using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class LimitSchedulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => T0.AddHours(hours);

    private static ScheduledLimit L(double from, double to, double kw, LimitSource source = LimitSource.Forecast, string? requestId = "r1") =>
        new(H(from), H(to), kw, source, requestId);

    [Fact]
    public void Identical_schedules_have_the_same_limits() =>
        Assert.True(LimitSchedules.SameLimits([L(0, 1, 50), L(1, 24, 80)], [L(0, 1, 50), L(1, 24, 80)]));

    [Fact]
    public void A_different_kw_anywhere_in_the_overlap_is_a_change() =>
        Assert.False(LimitSchedules.SameLimits([L(0, 1, 50), L(1, 24, 80)], [L(0, 1, 50), L(1, 23.75, 80), L(23.75, 24, 79.5)]));

    [Fact]
    public void A_different_source_with_the_same_kw_is_a_change() =>
        Assert.False(LimitSchedules.SameLimits([L(0, 24, 80, LimitSource.Forecast)], [L(0, 24, 80, LimitSource.Fallback)]));

    [Fact]
    public void A_different_request_id_alone_is_no_change() =>
        Assert.True(LimitSchedules.SameLimits([L(0, 24, 80, requestId: "r1")], [L(0, 24, 80, requestId: "r2")]));

    [Fact]
    public void Splitting_an_interval_differently_is_no_change() =>
        Assert.True(LimitSchedules.SameLimits([L(0, 24, 50)], [L(0, 1, 50), L(1, 2, 50), L(2, 24, 50)]));

    [Fact]
    public void Only_the_overlap_is_compared()
    {
        // The older version started an hour earlier; the new one reaches an hour further. Both agree where both speak.
        var older = new[] { L(-1, 0, 10), L(0, 23, 50) };
        var newer = new[] { L(0, 23, 50), L(23, 24, 90) };

        Assert.True(LimitSchedules.SameLimits(older, newer));
    }

    [Fact]
    public void A_change_just_inside_the_overlap_is_found() =>
        Assert.False(LimitSchedules.SameLimits([L(0, 24, 50)], [L(23.5, 23.9, 50), L(23.9, 30, 60)]));

    [Fact]
    public void Schedules_that_share_no_instant_do_not_differ() =>
        Assert.True(LimitSchedules.SameLimits([L(0, 1, 50)], [L(1, 2, 60)]));

    [Fact]
    public void Documents_that_differ_only_by_an_emergency_stop_label_differ()
    {
        var ordinary = new LimitDocumentInterval[] { new(H(0), H(24), 0, LimitReason.Forecast) };
        var protective = new LimitDocumentInterval[] { new(H(0), H(24), 0, LimitReason.EmergencyStop) };

        Assert.False(LimitSchedules.SameLimits(ordinary, protective));
        Assert.True(LimitSchedules.SameLimits(protective, protective));
    }

    [Fact]
    public void A_new_schedule_covering_24_hours_needs_no_renewal() =>
        Assert.False(LimitSchedules.NeedsRenewal([L(0, 1, 50), L(1, 24, 80)], H(0), LimitSchedules.MinimumAhead));

    [Fact]
    public void Exactly_12_hours_left_needs_no_renewal_yet() =>
        Assert.False(LimitSchedules.NeedsRenewal([L(0, 24, 50)], H(12), LimitSchedules.MinimumAhead));

    [Fact]
    public void Less_than_12_hours_left_needs_renewal() =>
        Assert.True(LimitSchedules.NeedsRenewal([L(0, 24, 50)], H(12).AddSeconds(1), LimitSchedules.MinimumAhead));

    [Fact]
    public void An_empty_schedule_needs_renewal() =>
        Assert.True(LimitSchedules.NeedsRenewal(Array.Empty<ScheduledLimit>(), H(0), LimitSchedules.MinimumAhead));

    [Fact]
    public void A_schedule_that_has_not_started_needs_renewal() =>
        Assert.True(LimitSchedules.NeedsRenewal([L(1, 25, 50)], H(0), LimitSchedules.MinimumAhead));

    [Fact]
    public void A_schedule_that_has_ended_needs_renewal() =>
        Assert.True(LimitSchedules.NeedsRenewal([L(0, 24, 50)], H(24), LimitSchedules.MinimumAhead));

    [Fact]
    public void A_gap_within_12_hours_needs_renewal() =>
        Assert.True(LimitSchedules.NeedsRenewal([L(0, 6, 50), L(7, 24, 80)], H(0), LimitSchedules.MinimumAhead));

    [Fact]
    public void A_document_schedule_is_judged_the_same_way()
    {
        var schedule = new LimitDocumentInterval[] { new(H(0), H(1), 50, LimitReason.Forecast), new(H(1), H(24), 80, LimitReason.BaseDoe) };

        Assert.False(LimitSchedules.NeedsRenewal(schedule, H(11), LimitSchedules.MinimumAhead));
        Assert.True(LimitSchedules.NeedsRenewal(schedule, H(13), LimitSchedules.MinimumAhead));
    }

    [Fact]
    public void The_contract_horizons_are_24_and_12_hours() =>
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromHours(12)), (LimitSchedules.Horizon, LimitSchedules.MinimumAhead));
}
