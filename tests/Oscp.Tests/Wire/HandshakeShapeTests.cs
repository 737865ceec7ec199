using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

public sealed class HandshakeShapeTests
{
    private const string Wrapped = """{"required_behaviour":{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"]}}""";
    private const string Flat = """{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"]}""";

    [Theory]
    [InlineData(Wrapped)]
    [InlineData(Flat)]
    public void Handshake_is_read_from_the_wrapped_and_the_flat_shape_alike(string json)
    {
        var handshake = OscpJson.Deserialize<Handshake>(json);

        Assert.Equal(30, handshake.RequiredBehaviour.HeartbeatInterval);
        Assert.Equal([MeasurementConfiguration.Continuous], handshake.RequiredBehaviour.MeasurementConfiguration);
    }

    [Theory]
    [InlineData(Wrapped)]
    [InlineData(Flat)]
    public void Handshake_is_always_written_wrapped(string json)
    {
        Assert.Equal(Wrapped, OscpJson.Serialize(OscpJson.Deserialize<Handshake>(json)));
    }

    [Fact]
    public void Flat_handshake_with_only_an_interval_reads_without_measurement_configuration()
    {
        var handshake = OscpJson.Deserialize<Handshake>("""{"heartbeat_interval":45}""");

        Assert.Equal(new RequiredBehaviour(45), handshake.RequiredBehaviour);
        Assert.Equal("""{"required_behaviour":{"heartbeat_interval":45}}""", OscpJson.Serialize(handshake));
    }

    [Fact]
    public void Empty_handshake_reads_as_an_empty_required_behaviour()
    {
        var handshake = OscpJson.Deserialize<Handshake>("{}");

        Assert.Null(handshake.RequiredBehaviour.HeartbeatInterval);
        Assert.Null(handshake.RequiredBehaviour.MeasurementConfiguration);
        Assert.Equal("""{"required_behaviour":{}}""", OscpJson.Serialize(handshake));
    }

    [Fact]
    public void Heartbeat_interval_written_as_a_whole_decimal_number_is_read()
    {
        var handshake = OscpJson.Deserialize<Handshake>("""{"required_behaviour":{"heartbeat_interval":30.0}}""");

        Assert.Equal(30, handshake.RequiredBehaviour.HeartbeatInterval);
    }

    [Fact]
    public void Heartbeat_interval_with_a_fraction_is_rejected()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => OscpJson.Deserialize<Handshake>("""{"heartbeat_interval":1.5}"""));
    }

    [Fact]
    public void Empty_acknowledge_reads_without_behaviour_and_is_written_as_an_empty_object()
    {
        var acknowledge = OscpJson.Deserialize<HandshakeAcknowledge>("{}");

        Assert.Null(acknowledge.RequiredBehaviour);
        Assert.Equal("{}", OscpJson.Serialize(acknowledge));
    }

    [Theory]
    [InlineData("""{"required_behaviour":{"heartbeat_interval":60,"measurement_configuration":[]}}""")]
    [InlineData("""{"heartbeat_interval":60,"measurement_configuration":[]}""")]
    public void Acknowledge_is_read_flat_or_wrapped_and_written_wrapped(string json)
    {
        var acknowledge = OscpJson.Deserialize<HandshakeAcknowledge>(json);

        Assert.Equal(60, acknowledge.RequiredBehaviour?.HeartbeatInterval);
        Assert.Empty(acknowledge.RequiredBehaviour!.MeasurementConfiguration!);
        Assert.Equal(
            """{"required_behaviour":{"heartbeat_interval":60,"measurement_configuration":[]}}""",
            OscpJson.Serialize(acknowledge));
    }

    [Fact]
    public void Wrapped_shape_wins_when_a_body_carries_both()
    {
        var handshake = OscpJson.Deserialize<Handshake>("""{"required_behaviour":{"heartbeat_interval":30},"heartbeat_interval":99}""");

        Assert.Equal(30, handshake.RequiredBehaviour.HeartbeatInterval);
    }
}
