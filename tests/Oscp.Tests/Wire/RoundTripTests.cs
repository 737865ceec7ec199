using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

public sealed class RoundTripTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(OscpExamples.AllKinds), MemberType = typeof(OscpExamples))]
    public void Every_message_example_reads_and_writes_back_to_equivalent_json(OscpMessageKind kind)
    {
        var example = OscpExamples.For(kind);

        var written = kind switch
        {
            OscpMessageKind.Register => RoundTrip<Register>(example),
            OscpMessageKind.Handshake => RoundTrip<Handshake>(example),
            OscpMessageKind.HandshakeAcknowledge => RoundTrip<HandshakeAcknowledge>(example),
            OscpMessageKind.Heartbeat => RoundTrip<Heartbeat>(example),
            OscpMessageKind.UpdateGroupCapacityForecast => RoundTrip<UpdateGroupCapacityForecast>(example),
            OscpMessageKind.AdjustGroupCapacityForecast => RoundTrip<AdjustGroupCapacityForecast>(example),
            OscpMessageKind.GroupCapacityComplianceError => RoundTrip<GroupCapacityComplianceError>(example),
            OscpMessageKind.UpdateGroupMeasurements => RoundTrip<UpdateGroupMeasurements>(example),
            OscpMessageKind.UpdateAssetMeasurements => RoundTrip<UpdateAssetMeasurements>(example),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        JsonAssert.Equivalent(example, written);
    }

    [Fact]
    public void Register_reads_token_and_every_version_url()
    {
        var register = OscpJson.Deserialize<Register>(OscpExamples.Register);

        Assert.Equal("fp-issued-token-for-cp", register.Token);
        var versionUrl = Assert.Single(register.VersionUrl);
        Assert.Equal(new VersionUrl("2.0", "https://fp.example.com/oscp/fp/2.0"), versionUrl);
    }

    [Fact]
    public void Handshake_reads_heartbeat_interval_and_measurement_configuration()
    {
        var handshake = OscpJson.Deserialize<Handshake>(OscpExamples.Handshake);

        Assert.Equal(30, handshake.RequiredBehaviour.HeartbeatInterval);
        Assert.Equal([MeasurementConfiguration.Continuous], handshake.RequiredBehaviour.MeasurementConfiguration);
    }

    [Fact]
    public void Handshake_acknowledge_reads_its_own_required_behaviour()
    {
        var acknowledge = OscpJson.Deserialize<HandshakeAcknowledge>(OscpExamples.HandshakeAcknowledge);

        Assert.NotNull(acknowledge.RequiredBehaviour);
        Assert.Equal(60, acknowledge.RequiredBehaviour.HeartbeatInterval);
        Assert.Equal(
            [MeasurementConfiguration.Intermittent, MeasurementConfiguration.Continuous],
            acknowledge.RequiredBehaviour.MeasurementConfiguration);
    }

    [Fact]
    public void Heartbeat_reads_offline_mode_at()
    {
        var heartbeat = OscpJson.Deserialize<Heartbeat>(OscpExamples.Heartbeat);

        Assert.Equal(Noon.AddMinutes(1), heartbeat.OfflineModeAt);
    }

    [Fact]
    public void Update_group_capacity_forecast_reads_group_type_and_every_block()
    {
        var forecast = OscpJson.Deserialize<UpdateGroupCapacityForecast>(OscpExamples.UpdateGroupCapacityForecast);

        Assert.Equal("BUS_AUK_1", forecast.GroupId);
        Assert.Equal(CapacityForecastType.Consumption, forecast.Type);
        Assert.Equal(
            [
                new ForecastedBlock(120.5, PhaseIndicator.All, ForecastedBlockUnit.Kw, Noon, Noon.AddMinutes(15)),
                new ForecastedBlock(80, PhaseIndicator.All, ForecastedBlockUnit.Kw, Noon.AddMinutes(15), Noon.AddMinutes(30)),
            ],
            forecast.ForecastedBlocks);
    }

    [Fact]
    public void Adjust_group_capacity_forecast_reads_group_type_and_blocks()
    {
        var adjust = OscpJson.Deserialize<AdjustGroupCapacityForecast>(OscpExamples.AdjustGroupCapacityForecast);

        Assert.Equal("ALBANY-123", adjust.GroupId);
        Assert.Equal(CapacityForecastType.FallbackConsumption, adjust.Type);
        Assert.Equal(
            new ForecastedBlock(32, PhaseIndicator.One, ForecastedBlockUnit.A, Noon, Noon.AddHours(1)),
            Assert.Single(adjust.ForecastedBlocks));
    }

    [Fact]
    public void Compliance_error_reads_message_and_optional_blocks()
    {
        var error = OscpJson.Deserialize<GroupCapacityComplianceError>(OscpExamples.GroupCapacityComplianceError);
        var withoutBlocks = OscpJson.Deserialize<GroupCapacityComplianceError>("""{"message":"over the limit"}""");

        Assert.Equal("fixed load above the limit", error.Message);
        Assert.Equal(
            new ForecastedBlock(0, PhaseIndicator.All, ForecastedBlockUnit.W, Noon, Noon.AddMinutes(15)),
            Assert.Single(error.ForecastedBlocks!));
        Assert.Null(withoutBlocks.ForecastedBlocks);
        Assert.Equal("""{"message":"over the limit"}""", OscpJson.Serialize(withoutBlocks));
    }

    [Fact]
    public void Update_group_measurements_reads_every_energy_measurement_with_optional_fields()
    {
        var report = OscpJson.Deserialize<UpdateGroupMeasurements>(OscpExamples.UpdateGroupMeasurements);

        Assert.Equal("SITE42", report.GroupId);
        Assert.Equal(
            [
                new EnergyMeasurement(1834.521, PhaseIndicator.All, EnergyMeasurementUnit.Kwh, EnergyFlowDirection.Import, Noon.AddMinutes(15)),
                new EnergyMeasurement(14200, PhaseIndicator.One, EnergyMeasurementUnit.Wh, EnergyFlowDirection.Net,
                    Noon.AddMinutes(15).AddMilliseconds(250), EnergyType.Flexible, Noon),
            ],
            report.Measurements);
    }

    [Fact]
    public void Update_asset_measurements_reads_asset_with_energy_and_instantaneous_measurements()
    {
        var report = OscpJson.Deserialize<UpdateAssetMeasurements>(OscpExamples.UpdateAssetMeasurements);

        Assert.Equal("SITE42", report.GroupId);
        var asset = Assert.Single(report.Measurements);
        Assert.Equal("SITE42", asset.AssetId);
        Assert.Equal(AssetCategory.Charging, asset.AssetCategory);
        Assert.Equal(
            new EnergyMeasurement(14.2, PhaseIndicator.All, EnergyMeasurementUnit.Kwh, EnergyFlowDirection.Import,
                Noon.AddMinutes(15), EnergyType.Total, Noon),
            asset.EnergyMeasurement);
        Assert.Equal(
            new InstantaneousMeasurement(57.3, PhaseIndicator.All, InstantaneousMeasurementUnit.Kw, Noon.AddMinutes(15)),
            asset.InstantaneousMeasurement);
    }

    [Fact]
    public void Asset_measurement_without_optional_readings_omits_them_when_written()
    {
        var report = new UpdateAssetMeasurements("SITE42", [new AssetMeasurement("SITE42", AssetCategory.Charging)]);

        JsonAssert.Equivalent(
            """{"group_id":"SITE42","measurements":[{"asset_id":"SITE42","asset_category":"CHARGING"}]}""",
            OscpJson.Serialize(report));
    }

    [Fact]
    public void Error_body_is_written_as_the_contract_shows_and_omits_absent_errors()
    {
        var invalid = new OscpError("invalid body", ["forecasted_blocks[3].unit: must be one of A, W, KW, WH, KWH"]);
        var offline = new OscpError("connection offline: handshake required");

        JsonAssert.Equivalent(
            """{"message":"invalid body","errors":["forecasted_blocks[3].unit: must be one of A, W, KW, WH, KWH"]}""",
            OscpJson.Serialize(invalid));
        Assert.Equal("""{"message":"connection offline: handshake required"}""", OscpJson.Serialize(offline));
        Assert.Equal(invalid.Errors, OscpJson.Deserialize<OscpError>(OscpJson.Serialize(invalid)).Errors);
    }

    [Fact]
    public void Messages_built_in_code_are_written_with_snake_case_names_and_upper_case_enums()
    {
        var forecast = new AdjustGroupCapacityForecast(
            "BUS_AUK_1",
            CapacityForecastType.FallbackGeneration,
            [new ForecastedBlock(7.5, PhaseIndicator.Three, ForecastedBlockUnit.Kwh, Noon, Noon.AddMinutes(15))]);

        JsonAssert.Equivalent(
            """
            {"group_id":"BUS_AUK_1","type":"FALLBACK_GENERATION","forecasted_blocks":[
              {"capacity":7.5,"phase":"THREE","unit":"KWH","start_time":"2026-11-26T12:00:00Z","end_time":"2026-11-26T12:15:00Z"}]}
            """,
            OscpJson.Serialize(forecast));
    }

    [Fact]
    public void Utf8_helpers_read_and_write_the_same_json_as_the_string_helpers()
    {
        var heartbeat = new Heartbeat(Noon);

        var bytes = OscpJson.SerializeToUtf8Bytes(heartbeat);

        Assert.Equal(OscpJson.Serialize(heartbeat), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(heartbeat, OscpJson.Deserialize<Heartbeat>(bytes));
        Assert.Equal(heartbeat, OscpJson.Deserialize<Heartbeat>(OscpJson.SerializeToElement(heartbeat)));
    }

    private static string RoundTrip<T>(string json) => OscpJson.Serialize(OscpJson.Deserialize<T>(json));
}
