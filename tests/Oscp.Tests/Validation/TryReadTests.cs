using System.Text;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class TryReadTests
{
    [Fact]
    public void Valid_body_is_read_into_the_typed_message()
    {
        var ok = OscpValidator.TryRead<UpdateGroupCapacityForecast>(
            OscpExamples.UpdateGroupCapacityForecast, PeerProfile.Vector, out var forecast, out var result);

        Assert.True(ok);
        Assert.True(result.IsValid);
        Assert.Equal("BUS_AUK_1", forecast!.GroupId);
        Assert.Equal(2, forecast.ForecastedBlocks.Count);
    }

    [Fact]
    public void Invalid_body_gives_no_message_and_every_problem()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].unit", "VA");
        body = JsonEdit.Set(body, "forecasted_blocks[1].end_time", "2026-11-26T12:30:00");

        var ok = OscpValidator.TryRead<UpdateGroupCapacityForecast>(body, PeerProfile.Vector, out var forecast, out var result);

        Assert.False(ok);
        Assert.Null(forecast);
        Assert.Equal(
            [
                "forecasted_blocks[0].unit: must be one of A, W, KW, WH, KWH",
                "forecasted_blocks[1].end_time: must be an RFC 3339 date-time with an offset",
            ],
            result.Errors);
    }

    [Fact]
    public void Capacity_sent_as_a_string_is_read_through_validation()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[1].capacity", "80.25");

        Assert.True(OscpValidator.TryRead<UpdateGroupCapacityForecast>(body, PeerProfile.Vector, out var forecast, out _));
        Assert.Equal(80.25, forecast!.ForecastedBlocks[1].Capacity);
    }

    [Fact]
    public void Flat_handshake_is_read_through_validation()
    {
        Assert.True(OscpValidator.TryRead<Handshake>(
            """{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"]}""", PeerProfile.Vector, out var handshake, out _));
        Assert.Equal(new RequiredBehaviour(30, handshake!.RequiredBehaviour.MeasurementConfiguration), handshake.RequiredBehaviour);
        Assert.Equal([MeasurementConfiguration.Continuous], handshake.RequiredBehaviour.MeasurementConfiguration);
    }

    [Fact]
    public void Utf8_body_is_read_as_a_string_body_is()
    {
        var bytes = Encoding.UTF8.GetBytes(OscpExamples.Heartbeat);

        Assert.True(OscpValidator.TryRead<Heartbeat>(bytes, PeerProfile.Oscp, out var heartbeat, out _));
        Assert.Equal(OscpJson.Deserialize<Heartbeat>(OscpExamples.Heartbeat), heartbeat);
        Assert.True(OscpValidator.Validate(OscpMessageKind.Heartbeat, bytes, PeerProfile.Oscp).IsValid);
    }

    [Fact]
    public void Text_that_is_not_json_is_not_read()
    {
        Assert.False(OscpValidator.TryRead<Heartbeat>("{oops", PeerProfile.Oscp, out var heartbeat, out var result));
        Assert.Null(heartbeat);
        Assert.StartsWith("body: is not valid JSON", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_result_becomes_the_oscp_400_body()
    {
        OscpValidator.TryRead<Heartbeat>("""{"offline_mode_at":"soon"}""", PeerProfile.Oscp, out _, out var result);

        JsonAssert.Equivalent(
            """{"message":"invalid body","errors":["offline_mode_at: must be an RFC 3339 date-time with an offset"]}""",
            OscpJson.Serialize(result.ToOscpError()));
    }
}
