using System.Text.Json;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class BaseDoeProfileTests
{
    // The example site of docs/endpoints.md, "Site body": 150 kW at night, 80 kW from 07:00 to 21:00 local time.
    private static readonly BaseDoeProfile Contract = new([new("00:00", 150), new("07:00", 80), new("21:00", 150)], "Pacific/Auckland");

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Value_is_the_entry_for_the_local_time_of_day()
    {
        // 2026-11-26 is summer in Auckland (NZDT, +13): 12:00Z is 01:00 local on the 27th.
        Assert.Equal((150, Utc("2026-11-26T18:00:00Z")), Contract.At(Utc("2026-11-26T12:00:00Z")));
        Assert.Equal((80, Utc("2026-11-27T08:00:00Z")), Contract.At(Utc("2026-11-26T18:00:00Z")));
        Assert.Equal((80, Utc("2026-11-27T08:00:00Z")), Contract.At(Utc("2026-11-27T07:59:59Z")));
    }

    [Fact]
    public void Valid_until_skips_boundaries_where_the_value_stays_the_same()
    {
        // From 21:00 local the value is 150, and the 00:00 entry restates it: the next change is 07:00.
        var (kw, validUntil) = Contract.At(Utc("2026-11-27T08:00:00Z"));

        Assert.Equal(150, kw);
        Assert.Equal(Utc("2026-11-27T18:00:00Z"), validUntil);
    }

    [Fact]
    public void Without_a_midnight_entry_the_latest_entry_carries_over_midnight()
    {
        var profile = new BaseDoeProfile([new("07:00", 80), new("21:00", 150)], "Europe/London");

        // 03:00 in London in July is 02:00Z (BST); the 21:00 value of the evening before holds until 07:00.
        Assert.Equal((150, Utc("2026-07-01T06:00:00Z")), profile.At(Utc("2026-07-01T02:00:00Z")));
    }

    [Fact]
    public void Entries_may_be_given_in_any_order()
    {
        var shuffled = new BaseDoeProfile([new("21:00", 150), new("00:00", 150), new("07:00", 80)], "Pacific/Auckland");

        foreach (var hour in Enumerable.Range(0, 48))
        {
            var t = Utc("2026-11-26T00:00:00Z").AddHours(hour);
            Assert.Equal(Contract.At(t), shuffled.At(t));
        }
    }

    [Fact]
    public void A_flat_profile_never_changes()
    {
        var flat = new BaseDoeProfile([new("00:00", 120), new("12:00", 120)], "Pacific/Auckland");

        Assert.Equal((120, DateTimeOffset.MaxValue), flat.At(Utc("2026-04-04T13:30:00Z")));
    }

    [Fact]
    public void London_times_follow_GMT_in_winter_and_BST_in_summer()
    {
        var profile = new BaseDoeProfile([new("00:00", 100), new("07:00", 40)], "Europe/London");

        Assert.Equal((100, Utc("2026-01-15T07:00:00Z")), profile.At(Utc("2026-01-15T06:59:00Z")));
        Assert.Equal((100, Utc("2026-07-15T06:00:00Z")), profile.At(Utc("2026-07-15T05:59:00Z")));
        Assert.Equal((40, Utc("2026-07-15T23:00:00Z")), profile.At(Utc("2026-07-15T06:00:00Z")));
    }

    [Fact]
    public void Times_with_any_offset_mean_the_same_instant()
    {
        var instant = Utc("2026-11-26T18:30:00Z");

        Assert.Equal(Contract.At(instant), Contract.At(instant.ToOffset(TimeSpan.FromHours(13))));
    }

    [Fact]
    public void It_plugs_into_LimitSchedule_as_the_base_doe()
    {
        // A CONSUMPTION block from 19:00Z to 20:00Z (08:00-09:00 local) inside the 80 kW daytime value.
        var from = Utc("2026-11-26T12:00:00Z");
        var block = new ForecastedBlock(50, PhaseIndicator.All, ForecastedBlockUnit.Kw, from.AddHours(7), from.AddHours(8));
        var forecasts = SiteForecasts.Empty.Apply(CapacityForecastType.Consumption, [block], ElectricalConnection.ThreePhase230V, "r1");

        var schedule = LimitSchedule.Build(forecasts, from, from.AddHours(24), connectionLost: false, Contract.At, contractMaxKw: 400);

        Assert.Equal<ScheduledLimit>(
            [
                new(from, Utc("2026-11-26T18:00:00Z"), 150, LimitSource.BaseDoe, null),
                new(Utc("2026-11-26T18:00:00Z"), Utc("2026-11-26T19:00:00Z"), 80, LimitSource.BaseDoe, null),
                new(Utc("2026-11-26T19:00:00Z"), Utc("2026-11-26T20:00:00Z"), 50, LimitSource.Forecast, "r1"),
                new(Utc("2026-11-26T20:00:00Z"), Utc("2026-11-27T08:00:00Z"), 80, LimitSource.BaseDoe, null),
                new(Utc("2026-11-27T08:00:00Z"), from.AddHours(24), 150, LimitSource.BaseDoe, null),
            ],
            schedule);
    }

    [Fact]
    public void A_profile_round_trips_through_grain_state_json()
    {
        // The grain state serializer: System.Text.Json by reflection, camelCase.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var json = JsonSerializer.Serialize(Contract, options);
        var read = JsonSerializer.Deserialize<BaseDoeProfile>(json, options);

        Assert.Equal(
            """{"entries":[{"from":"00:00","kw":150},{"from":"07:00","kw":80},{"from":"21:00","kw":150}],"timeZone":"Pacific/Auckland"}""",
            json);
        Assert.Equal(Contract, read);
        Assert.Equal(Contract.At(Utc("2026-11-26T18:00:00Z")), read!.At(Utc("2026-11-26T18:00:00Z")));
    }

    [Fact]
    public void Profiles_with_the_same_entries_and_zone_are_equal()
    {
        var same = new BaseDoeProfile([new("00:00", 150), new("07:00", 80), new("21:00", 150)], "Pacific/Auckland");
        var otherZone = new BaseDoeProfile([new("00:00", 150), new("07:00", 80), new("21:00", 150)], "Europe/London");

        Assert.Equal(Contract, same);
        Assert.Equal(Contract.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(Contract, otherZone);
    }
}
