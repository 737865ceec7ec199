using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class LimitDocumentOcppTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NoZeroProfiles = [];

    private static DateTimeOffset H(double hours) => Now.AddHours(hours);

    private static LimitDocument Build(IReadOnlyList<ScheduledLimit> schedule, IReadOnlyList<ChargerRating> chargers, LimitDocumentOptions? options = null) =>
        LimitDocuments.Build("BUS_AUK_1", 1, Now, schedule, chargers, options ?? LimitDocumentOptions.Default, NoZeroProfiles);

    private static ScheduledLimit[] Flat(double kw) => [new(H(0), H(24), kw, LimitSource.Forecast, "r1")];

    [Fact]
    public void Every_configured_station_gets_a_station_maximum_profile_in_configured_order()
    {
        var document = Build(Flat(120), [new("CS-002", 150), new("CS-001", 150), new("CS-003", 22)]);

        Assert.Equal(["CS-002", "CS-001", "CS-003"], document.Ocpp.Select(o => o.ChargingStationId));
        Assert.All(document.Ocpp, o =>
        {
            var request = o.SetChargingProfileRequest;
            Assert.Equal(0, request.EvseId);
            Assert.Equal(("ChargingStationMaxProfile", "Absolute", 0), (request.ChargingProfile.ChargingProfilePurpose, request.ChargingProfile.ChargingProfileKind, request.ChargingProfile.StackLevel));
            var schedule = Assert.Single(request.ChargingProfile.ChargingSchedule);
            Assert.Equal((1, "W"), (schedule.Id, schedule.ChargingRateUnit));
        });
    }

    [Fact]
    public void Profile_ids_are_the_base_plus_the_station_index_and_do_not_change_between_versions()
    {
        var first = Build(Flat(120), [new("CS-001", 150), new("CS-002", 150)]);
        var second = Build(Flat(60), [new("CS-001", 150), new("CS-002", 150)]);

        Assert.Equal([9001, 9002], first.Ocpp.Select(o => o.SetChargingProfileRequest.ChargingProfile.Id));
        Assert.Equal([9001, 9002], second.Ocpp.Select(o => o.SetChargingProfileRequest.ChargingProfile.Id));
    }

    [Fact]
    public void Id_base_and_stack_level_are_configurable()
    {
        var document = Build(Flat(120), [new("CS-001", 150), new("CS-002", 150)], new LimitDocumentOptions { ChargingProfileIdBase = 70000, StackLevel = 3 });

        Assert.Equal([(70000, 3), (70001, 3)], document.Ocpp.Select(o => (o.SetChargingProfileRequest.ChargingProfile.Id, o.SetChargingProfileRequest.ChargingProfile.StackLevel)));
    }

    [Fact]
    public void Without_configured_stations_there_are_no_requests() =>
        Assert.Empty(Build(Flat(120), []).Ocpp);

    [Fact]
    public void Schedule_starts_with_the_document_and_lasts_its_length_in_seconds()
    {
        var document = Build([new(H(0), H(0.25), 120, LimitSource.Forecast, "r1"), new(H(0.25), H(30), 80, LimitSource.BaseDoe, null)], [new("CS-001", 150)]);

        var schedule = document.Ocpp[0].SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0];
        Assert.Equal((Now, 30 * 3600), (schedule.StartSchedule, schedule.Duration));
    }

    [Fact]
    public void Each_schedule_entry_is_a_period_starting_at_its_offset_in_seconds()
    {
        var document = Build(
            [new(H(0), H(0.25), 120, LimitSource.Forecast, "r1"), new(H(0.25), H(2), 90, LimitSource.Forecast, "r1"), new(H(2), H(24), 60, LimitSource.BaseDoe, null)],
            [new("CS-001", 150), new("CS-002", 150)]);

        Assert.All(document.Ocpp, o => Assert.Equal<ChargingSchedulePeriod>(
            [new(0, 60000), new(900, 45000), new(7200, 30000)],
            o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0].ChargingSchedulePeriod));
    }

    [Fact]
    public void The_site_limit_is_split_in_proportion_to_rated_power_rounded_down_to_whole_watts()
    {
        var document = Build(Flat(100), [new("AC-22", 22), new("AC-11", 11), new("AC-7", 7.4)]);

        // 100 000 W × 22/40.4 = 54 455.4…, × 11/40.4 = 27 227.7…, × 7.4/40.4 = 18 316.8…
        Assert.Equal([54455.0, 27227, 18316], document.Ocpp.Select(o => o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0].ChargingSchedulePeriod[0].Limit));
    }

    [Fact]
    public void A_site_limit_of_zero_gives_every_station_zero()
    {
        var document = Build([new(H(0), H(1), 0, LimitSource.Forecast, "zero"), new(H(1), H(24), 150, LimitSource.BaseDoe, null)], [new("CS-001", 150), new("CS-002", 7)]);

        Assert.All(document.Ocpp, o => Assert.Equal(0, o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0].ChargingSchedulePeriod[0].Limit));
    }

    [Fact]
    public void Neighbouring_periods_with_equal_limits_are_merged()
    {
        // The document keeps both entries (their sources differ); the station sees one limit.
        var document = Build([new(H(0), H(1), 120, LimitSource.Forecast, "r1"), new(H(1), H(24), 120, LimitSource.BaseDoe, null)], [new("CS-001", 150)]);

        Assert.Equal(2, document.Schedule.Length);
        Assert.Equal<ChargingSchedulePeriod>([new(0, 120000)], document.Ocpp[0].SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0].ChargingSchedulePeriod);
    }

    [Fact]
    public void Duplicate_station_ids_are_refused() =>
        Assert.Throws<ArgumentException>(() => Build(Flat(120), [new("CS-001", 150), new("CS-001", 22)]));

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(double.NaN)]
    public void A_station_without_a_positive_rating_is_refused(double ratedKw) =>
        Assert.ThrowsAny<ArgumentException>(() => Build(Flat(120), [new("CS-001", 150), new("CS-002", ratedKw)]));

    [Fact]
    public void An_id_base_below_one_is_refused() =>
        Assert.ThrowsAny<ArgumentException>(() => Build(Flat(120), [new("CS-001", 150)], new LimitDocumentOptions { ChargingProfileIdBase = 0 }));
}
