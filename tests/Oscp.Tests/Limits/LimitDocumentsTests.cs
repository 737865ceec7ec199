using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class LimitDocumentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChargerRating[] TwoChargers = [new("CS-001", 150), new("CS-002", 150)];
    private static readonly HashSet<string> NoZeroProfiles = [];

    private static DateTimeOffset H(double hours) => Now.AddHours(hours);

    private static LimitDocument Build(IReadOnlyList<ScheduledLimit> schedule, ISet<string>? allZero = null, bool operatorOverride = false) =>
        LimitDocuments.Build("BUS_AUK_1", 17, Now.AddSeconds(3), schedule, TwoChargers, LimitDocumentOptions.Default, allZero ?? NoZeroProfiles, operatorOverride);

    [Theory]
    [InlineData(LimitSource.Forecast, LimitReason.Forecast)]
    [InlineData(LimitSource.Fallback, LimitReason.Fallback)]
    [InlineData(LimitSource.BaseDoe, LimitReason.BaseDoe)]
    public void Reason_is_the_source_of_the_limit_in_force_at_the_start(LimitSource source, LimitReason reason)
    {
        var document = Build([new(H(0), H(1), 50, source, "r1"), new(H(1), H(24), 80, LimitSource.BaseDoe, null)]);

        Assert.Equal(reason, document.Reason);
        Assert.False(document.EmergencyStop);
    }

    [Fact]
    public void Each_schedule_entry_carries_its_own_source()
    {
        var document = Build(
        [
            new(H(0), H(1), 50, LimitSource.Forecast, "r1"),
            new(H(1), H(2), 40, LimitSource.Fallback, "f1"),
            new(H(2), H(24), 80, LimitSource.BaseDoe, null),
        ]);

        Assert.Equal<LimitDocumentInterval>(
            [
                new(H(0), H(1), 50, LimitReason.Forecast),
                new(H(1), H(2), 40, LimitReason.Fallback),
                new(H(2), H(24), 80, LimitReason.BaseDoe),
            ],
            document.Schedule);
    }

    [Theory]
    [InlineData(LimitSource.Forecast)]
    [InlineData(LimitSource.Fallback)]
    public void An_all_zero_profile_in_force_is_an_emergency_stop(LimitSource source)
    {
        var document = Build([new(H(0), H(24), 0, source, "zero")], allZero: new HashSet<string> { "zero" });

        Assert.Equal(LimitReason.EmergencyStop, document.Reason);
        Assert.True(document.EmergencyStop);
        Assert.Equal(LimitReason.EmergencyStop, document.Schedule[0].Source);
    }

    [Fact]
    public void An_all_zero_profile_starting_later_labels_its_entries_but_does_not_stop_now()
    {
        var document = Build(
            [new(H(0), H(1), 50, LimitSource.Forecast, "r1"), new(H(1), H(24), 0, LimitSource.Forecast, "zero")],
            allZero: new HashSet<string> { "zero" });

        Assert.Equal(LimitReason.Forecast, document.Reason);
        Assert.False(document.EmergencyStop);
        Assert.Equal([LimitReason.Forecast, LimitReason.EmergencyStop], document.Schedule.Select(s => s.Source));
    }

    [Fact]
    public void A_zero_limit_from_an_ordinary_forecast_or_the_base_doe_is_not_an_emergency_stop()
    {
        var document = Build(
            [new(H(0), H(1), 0, LimitSource.Forecast, "partly-zero"), new(H(1), H(24), 0, LimitSource.BaseDoe, null)],
            allZero: new HashSet<string> { "zero" });

        Assert.False(document.EmergencyStop);
        Assert.Equal([LimitReason.Forecast, LimitReason.BaseDoe], document.Schedule.Select(s => s.Source));
    }

    [Fact]
    public void An_operator_override_labels_every_entry_operator()
    {
        var document = Build([new(H(0), H(1), 50, LimitSource.Forecast, "r1"), new(H(1), H(24), 80, LimitSource.BaseDoe, null)], operatorOverride: true);

        Assert.Equal(LimitReason.Operator, document.Reason);
        Assert.All(document.Schedule, s => Assert.Equal(LimitReason.Operator, s.Source));
    }

    [Fact]
    public void A_protective_zero_stays_an_emergency_stop_under_an_operator_override()
    {
        var document = Build([new(H(0), H(24), 0, LimitSource.Forecast, "zero")], allZero: new HashSet<string> { "zero" }, operatorOverride: true);

        Assert.Equal(LimitReason.EmergencyStop, document.Reason);
        Assert.True(document.EmergencyStop);
    }

    [Fact]
    public void Document_carries_group_version_and_issue_time()
    {
        var document = Build([new(H(0), H(24), 50, LimitSource.Forecast, "r1")]);

        Assert.Equal(("BUS_AUK_1", 17L, Now.AddSeconds(3)), (document.GroupId, document.Version, document.IssuedAt));
    }

    [Fact]
    public void Times_are_cut_to_whole_seconds_in_UTC()
    {
        var start = new DateTimeOffset(2026, 11, 27, 1, 0, 0, 250, TimeSpan.FromHours(13));
        var schedule = new ScheduledLimit[] { new(start, start.AddHours(1), 50, LimitSource.Forecast, "r1"), new(start.AddHours(1), start.AddHours(24), 80, LimitSource.BaseDoe, null) };

        var document = LimitDocuments.Build("G", 1, start.AddMilliseconds(700), schedule, [], LimitDocumentOptions.Default, NoZeroProfiles);

        Assert.Equal(TimeSpan.Zero, document.IssuedAt.Offset);
        Assert.Equal(Now, document.IssuedAt);
        Assert.Equal([(Now, H(1)), (H(1), H(24))], document.Schedule.Select(s => (s.From, s.To)));
        Assert.All(document.Schedule, s => Assert.Equal(TimeSpan.Zero, s.From.Offset));
    }

    [Fact]
    public void Neighbours_with_equal_kw_and_source_are_merged_across_requests()
    {
        var document = Build([new(H(0), H(1), 50, LimitSource.Forecast, "r1"), new(H(1), H(24), 50, LimitSource.Forecast, "r2")]);

        Assert.Equal<LimitDocumentInterval>([new(H(0), H(24), 50, LimitReason.Forecast)], document.Schedule);
    }

    [Fact]
    public void The_schedule_covers_exactly_what_it_is_given()
    {
        var document = Build([new(H(0), H(30), 50, LimitSource.Forecast, "r1")]);

        Assert.Equal((H(0), H(30)), (document.Schedule[0].From, document.Schedule[^1].To));
    }

    [Fact]
    public void An_empty_schedule_is_refused() =>
        Assert.Throws<ArgumentException>(() => Build([]));

    [Fact]
    public void A_schedule_with_a_gap_is_refused() =>
        Assert.Throws<ArgumentException>(() => Build([new(H(0), H(1), 50, LimitSource.Forecast, "r1"), new(H(2), H(24), 50, LimitSource.BaseDoe, null)]));

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_limit_is_refused(double kw) =>
        Assert.Throws<ArgumentException>(() => Build([new(H(0), H(24), kw, LimitSource.Forecast, "r1")]));

    [Fact]
    public void A_schedule_shorter_than_a_second_is_refused() =>
        Assert.Throws<ArgumentException>(() => Build([new(H(0), H(0).AddMilliseconds(500), 50, LimitSource.Forecast, "r1")]));
}
