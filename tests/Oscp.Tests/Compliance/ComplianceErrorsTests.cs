using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Oscp.Tests.Compliance.Limits;

namespace OscpFleet.Oscp.Tests.Compliance;

public sealed class ComplianceErrorsTests
{
    private static Breach BreachOf(double loadKw, double limitKw, LimitSource source = LimitSource.Forecast, DateTimeOffset? at = null) =>
        new(at ?? At(3).AddSeconds(10), loadKw, new LimitAtInstant(limitKw, source, "r1", At(0), At(15), At(0), Lowered: true));

    [Fact]
    public void Breach_error_names_site_instant_load_and_limit_with_its_block()
    {
        var json = OscpJson.Serialize(ComplianceErrors.ForBreach("BUS_AUK_1", BreachOf(130.2, 120)));

        JsonAssert.Equivalent(
            """
            { "message": "site BUS_AUK_1: load 130.2 kW at 2026-11-26T12:03:10Z exceeded the limit of 120 kW (forecast) by 8.5 %",
              "forecasted_blocks": [ { "capacity": 120, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:00:00Z", "end_time": "2026-11-26T12:15:00Z" } ] }
            """,
            json);
    }

    [Fact]
    public void Breach_of_a_zero_limit_says_by_how_many_kw()
    {
        var error = ComplianceErrors.ForBreach("BUS_AUK_1", BreachOf(3, 0, LimitSource.Fallback));

        Assert.Equal("site BUS_AUK_1: load 3 kW at 2026-11-26T12:03:10Z exceeded the limit of 0 kW (fallback) by 3 kW", error.Message);
    }

    [Fact]
    public void Breach_message_uses_utc_and_invariant_numbers_whatever_the_inputs()
    {
        var nzdt = new DateTimeOffset(2026, 11, 27, 1, 3, 10, 250, TimeSpan.FromHours(13));
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var error = ComplianceErrors.ForBreach("BUS_AUK_1", BreachOf(31.4567, 30, LimitSource.BaseDoe, nzdt));

            Assert.Equal("site BUS_AUK_1: load 31.457 kW at 2026-11-26T12:03:10.250Z exceeded the limit of 30 kW (base DOE) by 4.9 %", error.Message);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(130.2, 120)]
    [InlineData(3, 0)]
    public void Breach_error_passes_both_profiles(double loadKw, double limitKw)
    {
        var error = ComplianceErrors.ForBreach("BUS_AUK_1", BreachOf(loadKw, limitKw));

        Assert.Equal([], OscpValidator.Validate(error, PeerProfile.Vector).Errors);
        Assert.Equal([], OscpValidator.Validate(error, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void Report_error_carries_the_schedule_clipped_to_the_period_one_block_per_entry()
    {
        ScheduledLimit[] schedule = [Entry(-15, 0, 90), Entry(0, 15, 100), Entry(15, 30, 100, "r2"), Entry(30, 45, 80), Entry(45, 60, 70)];

        var json = OscpJson.Serialize(ComplianceErrors.ForReport("BUS_AUK_1", "charger CS-001 cannot reduce below 11 kW", At(5), At(40), schedule));

        JsonAssert.Equivalent(
            """
            { "message": "site BUS_AUK_1: charger CS-001 cannot reduce below 11 kW",
              "forecasted_blocks": [
                { "capacity": 100, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:05:00Z", "end_time": "2026-11-26T12:15:00Z" },
                { "capacity": 100, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:15:00Z", "end_time": "2026-11-26T12:30:00Z" },
                { "capacity": 80, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:30:00Z", "end_time": "2026-11-26T12:40:00Z" } ] }
            """,
            json);
    }

    [Fact]
    public void Report_error_without_overlapping_entries_has_no_blocks()
    {
        ScheduledLimit[] schedule = [Entry(0, 15, 100)];

        var error = ComplianceErrors.ForReport("BUS_AUK_1", "cannot comply", At(15), At(30), schedule);

        JsonAssert.Equivalent("""{ "message": "site BUS_AUK_1: cannot comply" }""", OscpJson.Serialize(error));
    }

    [Theory]
    [InlineData(5, 40)]
    [InlineData(15, 30)]
    public void Report_error_passes_both_profiles(double fromMinute, double toMinute)
    {
        ScheduledLimit[] schedule = [Entry(0, 15, 100), Entry(15, 30, 0, null)];
        var error = ComplianceErrors.ForReport("BUS_AUK_1", "cannot comply", At(fromMinute), At(toMinute), schedule);

        Assert.Equal([], OscpValidator.Validate(error, PeerProfile.Vector).Errors);
        Assert.Equal([], OscpValidator.Validate(error, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void Report_error_needs_a_message_and_a_period()
    {
        Assert.Throws<ArgumentException>(() => ComplianceErrors.ForReport("BUS_AUK_1", " ", At(0), At(15), []));
        Assert.Throws<ArgumentException>(() => ComplianceErrors.ForReport("BUS_AUK_1", "cannot comply", At(15), At(15), []));
        Assert.Throws<ArgumentException>(() => ComplianceErrors.ForReport("", "cannot comply", At(0), At(15), []));
    }
}
