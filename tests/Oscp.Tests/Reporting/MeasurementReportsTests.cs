using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Reporting;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Reporting;

public sealed class MeasurementReportsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PeriodReport Quarter = new(Start, Start.AddMinutes(15), 14_200, 57_300, 1_000_000);

    [Fact]
    public void Vector_report_has_exactly_the_fields_of_the_profile_example()
    {
        var json = OscpJson.Serialize(MeasurementReports.ForVector("SITE42", "SITE42", Quarter));

        JsonAssert.Equivalent(
            """
            { "group_id": "SITE42",
              "measurements": [ { "asset_id": "SITE42", "asset_category": "CHARGING",
                  "instantaneous_measurement": { "value": 57.3, "phase": "ALL", "unit": "KW", "measure_time": "2025-03-01T00:15:00Z" },
                  "energy_measurement": { "value": 14.2, "phase": "ALL", "unit": "KWH", "direction": "IMPORT", "energy_type": "TOTAL", "initial_measure_time": "2025-03-01T00:00:00Z", "measure_time": "2025-03-01T00:15:00Z" } } ] }
            """,
            json);
    }

    [Fact]
    public void Vector_report_names_the_asset_apart_from_the_group_and_writes_times_in_utc()
    {
        var nzdt = TimeSpan.FromHours(13);
        var report = new PeriodReport(new DateTimeOffset(2026, 11, 27, 1, 0, 0, nzdt), new DateTimeOffset(2026, 11, 27, 1, 15, 0, nzdt), 0, 0, 0);

        var json = OscpJson.Serialize(MeasurementReports.ForVector("BUS_AUK_1", "ASSET_7", report));

        JsonAssert.Equivalent(
            """
            { "group_id": "BUS_AUK_1",
              "measurements": [ { "asset_id": "ASSET_7", "asset_category": "CHARGING",
                  "instantaneous_measurement": { "value": 0, "phase": "ALL", "unit": "KW", "measure_time": "2026-11-26T12:15:00Z" },
                  "energy_measurement": { "value": 0, "phase": "ALL", "unit": "KWH", "direction": "IMPORT", "energy_type": "TOTAL", "initial_measure_time": "2026-11-26T12:00:00Z", "measure_time": "2026-11-26T12:15:00Z" } } ] }
            """,
            json);
    }

    [Theory]
    [InlineData(1_234.5, 1.235)]
    [InlineData(1_234.4999, 1.234)]
    [InlineData(0.4, 0)]
    [InlineData(0.5, 0.001)]
    [InlineData(2_675.5, 2.676)]
    [InlineData(123_456_789.5, 123_456.79)]
    public void Values_are_rounded_to_three_decimals_halves_away_from_zero(double wh, double kwh)
    {
        var measurement = Assert.Single(MeasurementReports.ForVector("SITE42", "SITE42", Quarter with { EnergyWh = wh, MaxLoadW = wh }).Measurements);

        Assert.Equal(kwh, measurement.EnergyMeasurement!.Value);
        Assert.Equal(kwh, measurement.InstantaneousMeasurement!.Value);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(14_200, 57_300)]
    [InlineData(1e9, 2e6)]
    public void Vector_report_passes_the_vector_rules(double energyWh, double maxLoadW)
    {
        var report = MeasurementReports.ForVector("BUS_AUK_1", "BUS_AUK_1", Quarter with { EnergyWh = energyWh, MaxLoadW = maxLoadW });

        Assert.Equal([], OscpValidator.Validate(report, PeerProfile.Vector).Errors);
        Assert.Equal([], OscpValidator.Validate(report, PeerProfile.Oscp).Errors);
    }

    public static TheoryData<PeriodReport> BadReports => new()
    {
        Quarter with { EnergyWh = -1 },
        Quarter with { MaxLoadW = -0.001 },
        Quarter with { RegisterWh = -5 },
        Quarter with { EnergyWh = double.NaN },
        Quarter with { MaxLoadW = double.PositiveInfinity },
        Quarter with { RegisterWh = double.NegativeInfinity },
        Quarter with { End = Start.AddTicks(-1) },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public void Negative_or_non_finite_values_are_refused(PeriodReport report)
    {
        Assert.Throws<ArgumentException>(() => MeasurementReports.ForVector("SITE42", "SITE42", report));
        Assert.Throws<ArgumentException>(() => MeasurementReports.ForOscp("SITE42", report, []));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Blank_ids_are_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => MeasurementReports.ForVector(id, "SITE42", Quarter));
        Assert.Throws<ArgumentException>(() => MeasurementReports.ForVector("SITE42", id, Quarter));
        Assert.Throws<ArgumentException>(() => MeasurementReports.ForOscp(id, Quarter, []));
    }

    [Theory]
    [InlineData(new MeasurementConfiguration[0], MeasurementStyle.Intermittent)]
    [InlineData(new[] { MeasurementConfiguration.Intermittent }, MeasurementStyle.Intermittent)]
    [InlineData(new[] { MeasurementConfiguration.Continuous }, MeasurementStyle.Continuous)]
    [InlineData(new[] { MeasurementConfiguration.Continuous, MeasurementConfiguration.Intermittent }, MeasurementStyle.Intermittent)]
    [InlineData(new[] { MeasurementConfiguration.Intermittent, MeasurementConfiguration.Continuous }, MeasurementStyle.Intermittent)]
    public void Continuous_readings_only_when_asked_for_continuous_alone(MeasurementConfiguration[] asked, MeasurementStyle style) =>
        Assert.Equal(style, MeasurementReports.StyleFor(asked));

    [Theory]
    [InlineData(new MeasurementConfiguration[0])]
    [InlineData(new[] { MeasurementConfiguration.Intermittent })]
    [InlineData(new[] { MeasurementConfiguration.Continuous, MeasurementConfiguration.Intermittent })]
    public void Oscp_peer_gets_the_period_energy_from_the_period_start_unless_it_asked_continuous(MeasurementConfiguration[] asked)
    {
        var json = OscpJson.Serialize(MeasurementReports.ForOscp("SITE42", Quarter, asked));

        JsonAssert.Equivalent(
            """
            { "group_id": "SITE42",
              "measurements": [ { "value": 14.2, "phase": "ALL", "unit": "KWH", "direction": "IMPORT", "energy_type": "TOTAL", "initial_measure_time": "2025-03-01T00:00:00Z", "measure_time": "2025-03-01T00:15:00Z" } ] }
            """,
            json);
    }

    [Fact]
    public void Oscp_peer_asking_continuous_gets_the_cumulative_register_without_a_start()
    {
        var json = OscpJson.Serialize(MeasurementReports.ForOscp("SITE42", Quarter with { RegisterWh = 1_000_000.5 }, [MeasurementConfiguration.Continuous]));

        JsonAssert.Equivalent(
            """
            { "group_id": "SITE42",
              "measurements": [ { "value": 1000.001, "phase": "ALL", "unit": "KWH", "direction": "IMPORT", "energy_type": "TOTAL", "measure_time": "2025-03-01T00:15:00Z" } ] }
            """,
            json);
    }

    [Theory]
    [InlineData(new MeasurementConfiguration[0])]
    [InlineData(new[] { MeasurementConfiguration.Continuous })]
    public void Oscp_report_passes_the_oscp_rules_and_is_not_for_vector(MeasurementConfiguration[] asked)
    {
        var report = MeasurementReports.ForOscp("BUS_AUK_1", Quarter with { EnergyWh = 0 }, asked);

        Assert.Equal([], OscpValidator.Validate(report, PeerProfile.Oscp).Errors);
        Assert.Contains(OscpValidator.Validate(report, PeerProfile.Vector).Errors, e => e.Contains("not supported by the vector profile", StringComparison.Ordinal));
    }
}
