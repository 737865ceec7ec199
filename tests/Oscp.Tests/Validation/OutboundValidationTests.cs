using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class OutboundValidationTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static UpdateAssetMeasurements Report(InstantaneousMeasurementUnit unit) =>
        new("BUS_AUK_1",
        [
            new AssetMeasurement(
                "BUS_AUK_1",
                AssetCategory.Charging,
                new EnergyMeasurement(14.2, PhaseIndicator.All, EnergyMeasurementUnit.Kwh, EnergyFlowDirection.Import, Noon.AddMinutes(15), EnergyType.Total, Noon),
                new InstantaneousMeasurement(57.3, PhaseIndicator.All, unit, Noon.AddMinutes(15))),
        ]);

    [Fact]
    public void Report_we_built_for_vector_passes_the_rules_it_will_meet_on_the_wire()
    {
        Assert.True(OscpValidator.Validate(Report(InstantaneousMeasurementUnit.Kw), PeerProfile.Vector).IsValid);
    }

    [Fact]
    public void Report_with_an_ampere_reading_is_caught_before_sending_to_vector_only()
    {
        var report = Report(InstantaneousMeasurementUnit.A);

        Assert.Equal(
            ["measurements[0].instantaneous_measurement.unit: must be one of KW, W for the vector profile"],
            OscpValidator.Validate(report, PeerProfile.Vector).Errors);
        Assert.True(OscpValidator.Validate(report, PeerProfile.Oscp).IsValid);
    }

    [Fact]
    public void Adjustment_we_built_with_bad_blocks_reports_each_problem()
    {
        var adjust = new AdjustGroupCapacityForecast(
            "BUS AUK 1",
            CapacityForecastType.Consumption,
            [
                new ForecastedBlock(-1, PhaseIndicator.All, ForecastedBlockUnit.Kw, Noon, Noon.AddMinutes(15)),
                new ForecastedBlock(10, PhaseIndicator.All, ForecastedBlockUnit.Kw, Noon.AddMinutes(30), Noon.AddMinutes(15)),
            ]);

        Assert.Equal(
            [
                "forecasted_blocks[0].capacity: must be >= 0",
                "forecasted_blocks[1].end_time: must be after start_time",
                "group_id: must be 1 to 64 letters, digits, '_' or '-'",
            ],
            OscpValidator.Validate(adjust, PeerProfile.Vector).Errors);
    }

    [Fact]
    public void Compliance_error_without_blocks_is_valid_but_with_an_empty_list_is_not()
    {
        Assert.True(OscpValidator.Validate(new GroupCapacityComplianceError("over the limit"), PeerProfile.Vector).IsValid);
        Assert.Equal(
            ["forecasted_blocks: must not be empty"],
            OscpValidator.Validate(new GroupCapacityComplianceError("over the limit", []), PeerProfile.Vector).Errors);
    }

    [Fact]
    public void Null_reference_left_in_a_built_message_is_reported_as_missing()
    {
        var forecast = new UpdateGroupCapacityForecast(null!, CapacityForecastType.Consumption,
            [new ForecastedBlock(1, PhaseIndicator.All, ForecastedBlockUnit.Kw, Noon, Noon.AddMinutes(15))]);

        Assert.Equal(["group_id: is required"], OscpValidator.Validate(forecast, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void Capacity_that_cannot_be_written_as_json_is_reported_not_thrown()
    {
        var forecast = new UpdateGroupCapacityForecast("SITE42", CapacityForecastType.Consumption,
            [new ForecastedBlock(double.NaN, PhaseIndicator.All, ForecastedBlockUnit.Kw, Noon, Noon.AddMinutes(15))]);

        var error = Assert.Single(OscpValidator.Validate(forecast, PeerProfile.Oscp).Errors);
        Assert.StartsWith("body: cannot be written as JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Handshake_and_heartbeat_we_build_are_valid_for_both_profiles()
    {
        var handshake = new Handshake(new RequiredBehaviour(30, [MeasurementConfiguration.Intermittent]));
        var heartbeat = new Heartbeat(Noon.AddMinutes(1));

        foreach (var profile in new[] { PeerProfile.Vector, PeerProfile.Oscp })
        {
            Assert.True(OscpValidator.Validate(handshake, profile).IsValid);
            Assert.True(OscpValidator.Validate(heartbeat, profile).IsValid);
            Assert.True(OscpValidator.Validate(new HandshakeAcknowledge(), profile).IsValid);
        }
    }

    [Fact]
    public void Handshake_asking_for_heartbeats_every_zero_seconds_is_caught()
    {
        var handshake = new Handshake(new RequiredBehaviour(0, []));

        Assert.Equal(
            ["required_behaviour.heartbeat_interval: must be >= 1"],
            OscpValidator.Validate(handshake, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void Type_that_is_not_an_oscp_message_is_refused()
    {
        Assert.Throws<ArgumentException>(() => OscpValidator.Validate(new VersionUrl("2.0", "https://x"), PeerProfile.Oscp));
    }
}
