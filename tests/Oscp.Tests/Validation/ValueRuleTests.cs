using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class ValueRuleTests
{
    private const OscpMessageKind Forecast = OscpMessageKind.UpdateGroupCapacityForecast;

    [Fact]
    public void Negative_capacity_is_rejected_naming_the_block()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[1].capacity", -0.5);

        var result = OscpValidator.Validate(Forecast, body, PeerProfile.Oscp);

        Assert.Equal(["forecasted_blocks[1].capacity: must be >= 0"], result.Errors);
    }

    [Fact]
    public void Zero_capacity_is_valid_because_it_is_the_protective_stop()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity", 0);

        Assert.True(OscpValidator.Validate(Forecast, body, PeerProfile.Vector).IsValid);
    }

    [Theory]
    [InlineData("120")]
    [InlineData("120.5")]
    [InlineData("0")]
    [InlineData("1.2e2")]
    public void Capacity_as_a_numeric_string_is_valid(string capacity)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity", capacity);

        var result = OscpValidator.Validate(Forecast, body, PeerProfile.Oscp);

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData("\"-1\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"12\\n\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    public void Capacity_that_is_not_a_non_negative_number_is_rejected(string capacityJson)
    {
        var body = JsonEdit.SetRaw(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity", capacityJson);

        var result = OscpValidator.Validate(Forecast, body, PeerProfile.Oscp);

        Assert.Equal(["forecasted_blocks[0].capacity: must be a number >= 0"], result.Errors);
    }

    [Fact]
    public void Measurement_value_that_is_not_a_number_is_rejected()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.value", "high");

        var result = OscpValidator.Validate(OscpMessageKind.UpdateAssetMeasurements, body, PeerProfile.Oscp);

        Assert.Equal(["measurements[0].instantaneous_measurement.value: must be a number"], result.Errors);
    }

    [Theory]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast)]
    [InlineData(OscpMessageKind.AdjustGroupCapacityForecast)]
    [InlineData(OscpMessageKind.GroupCapacityComplianceError)]
    public void Empty_forecasted_blocks_are_rejected(OscpMessageKind kind)
    {
        var body = JsonEdit.SetRaw(OscpExamples.For(kind), "forecasted_blocks", "[]");

        var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

        Assert.Equal(["forecasted_blocks: must not be empty"], result.Errors);
    }

    [Theory]
    [InlineData(OscpMessageKind.UpdateGroupMeasurements)]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements)]
    public void Empty_measurements_are_rejected(OscpMessageKind kind)
    {
        var body = JsonEdit.SetRaw(OscpExamples.For(kind), "measurements", "[]");

        var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

        Assert.Equal(["measurements: must not be empty"], result.Errors);
    }

    [Fact]
    public void Register_without_any_version_url_is_rejected()
    {
        var body = JsonEdit.SetRaw(OscpExamples.Register, "version_url", "[]");

        Assert.Equal(["version_url: must not be empty"], OscpValidator.Validate(OscpMessageKind.Register, body, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void Register_with_a_base_url_that_is_not_a_uri_is_rejected()
    {
        var body = JsonEdit.Set(OscpExamples.Register, "version_url[0].base_url", "fp.example.com oscp");

        Assert.Equal(
            ["version_url[0].base_url: must be an absolute URI"],
            OscpValidator.Validate(OscpMessageKind.Register, body, PeerProfile.Oscp).Errors);
    }

    [Theory]
    [InlineData(OscpMessageKind.Register, "token")]
    [InlineData(OscpMessageKind.GroupCapacityComplianceError, "message")]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements, "measurements[0].asset_id")]
    public void Empty_text_where_text_is_required_is_rejected(OscpMessageKind kind, string path)
    {
        var body = JsonEdit.Set(OscpExamples.For(kind), path, "");

        Assert.Equal([$"{path}: must not be empty"], OscpValidator.Validate(kind, body, PeerProfile.Oscp).Errors);
    }

    [Theory]
    [InlineData("""{"required_behaviour":{"heartbeat_interval":0}}""", "required_behaviour.heartbeat_interval: must be >= 1")]
    [InlineData("""{"heartbeat_interval":0}""", "heartbeat_interval: must be >= 1")]
    [InlineData("""{"heartbeat_interval":-30}""", "heartbeat_interval: must be >= 1")]
    [InlineData("""{"heartbeat_interval":1.5}""", "heartbeat_interval: must be an integer")]
    [InlineData("""{"heartbeat_interval":"30"}""", "heartbeat_interval: must be an integer")]
    [InlineData("""{"required_behaviour":{"measurement_configuration":"CONTINUOUS"}}""", "required_behaviour.measurement_configuration: must be an array")]
    [InlineData("""{"required_behaviour":null}""", "required_behaviour: must be an object")]
    public void Handshake_with_a_bad_required_behaviour_is_rejected(string body, string expected)
    {
        Assert.Equal([expected], OscpValidator.Validate(OscpMessageKind.Handshake, body, PeerProfile.Oscp).Errors);
        Assert.Equal([expected], OscpValidator.Validate(OscpMessageKind.HandshakeAcknowledge, body, PeerProfile.Oscp).Errors);
    }

    [Theory]
    [InlineData("""{"heartbeat_interval":1}""")]
    [InlineData("""{"heartbeat_interval":30.0,"measurement_configuration":[]}""")]
    [InlineData("{}")]
    public void Handshake_with_an_acceptable_behaviour_is_valid(string body)
    {
        Assert.True(OscpValidator.Validate(OscpMessageKind.Handshake, body, PeerProfile.Vector).IsValid);
    }

    [Theory]
    [InlineData(OscpMessageKind.Heartbeat, "offline_mode_at")]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[0].start_time")]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[1].end_time")]
    [InlineData(OscpMessageKind.GroupCapacityComplianceError, "forecasted_blocks[0].end_time")]
    [InlineData(OscpMessageKind.UpdateGroupMeasurements, "measurements[0].measure_time")]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.initial_measure_time")]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.measure_time")]
    public void Time_without_an_offset_is_rejected_wherever_it_appears(OscpMessageKind kind, string path)
    {
        var body = JsonEdit.Set(OscpExamples.For(kind), path, "2026-11-26T12:00:00");

        var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

        Assert.Equal([$"{path}: must be an RFC 3339 date-time with an offset"], result.Errors);
    }

    [Theory]
    [InlineData("\"2026-11-26 12:00:00Z\"")]
    [InlineData("\"2026-02-30T12:00:00Z\"")]
    [InlineData("\"tomorrow\"")]
    [InlineData("1764158400")]
    public void Time_that_is_not_rfc3339_is_rejected(string timeJson)
    {
        var body = JsonEdit.SetRaw(OscpExamples.Heartbeat, "offline_mode_at", timeJson);

        var result = OscpValidator.Validate(OscpMessageKind.Heartbeat, body, PeerProfile.Oscp);

        Assert.Single(result.Errors);
        Assert.StartsWith("offline_mode_at: must be", result.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Time_with_a_plus_13_offset_is_valid()
    {
        var body = JsonEdit.Set(OscpExamples.Heartbeat, "offline_mode_at", "2026-11-27T01:00:00+13:00");

        Assert.True(OscpValidator.Validate(OscpMessageKind.Heartbeat, body, PeerProfile.Vector).IsValid);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"hello\"")]
    [InlineData("null")]
    public void Body_that_is_not_an_object_is_rejected(string body)
    {
        Assert.Equal(["body: must be an object"], OscpValidator.Validate(OscpMessageKind.Heartbeat, body, PeerProfile.Oscp).Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"group_id\": }")]
    public void Text_that_is_not_json_is_rejected_as_a_whole(string body)
    {
        var result = OscpValidator.Validate(Forecast, body, PeerProfile.Oscp);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("body: is not valid JSON", error, StringComparison.Ordinal);
    }
}
