using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// A property name given twice in one object is refused, alone and with its path, whatever else the body holds: the
/// schema evaluator and the typed reader would not agree on which copy counts.
/// </summary>
public sealed class DuplicatePropertyTests
{
    /// <summary>The body that once passed validation as 50 kW and was read as -1 kW.</summary>
    private const string DuplicatedCapacity = """
        {"group_id":"S1","type":"CONSUMPTION","forecasted_blocks":[{"capacity":50,"phase":"ALL","unit":"KW","start_time":"2026-11-26T12:00:00Z","end_time":"2026-11-26T12:15:00Z","capacity":-1}]}
        """;

    [Fact]
    public void The_forecast_with_a_second_negative_capacity_is_refused_naming_the_capacity()
    {
        var ok = OscpValidator.TryRead<UpdateGroupCapacityForecast>(DuplicatedCapacity, PeerProfile.Vector, out var forecast, out var result);

        Assert.False(ok);
        Assert.Null(forecast);
        Assert.Equal(["forecasted_blocks[0].capacity: appears twice in the object"], result.Errors);
        Assert.Equal(
            """{"message":"invalid body","errors":["forecasted_blocks[0].capacity: appears twice in the object"]}""",
            OscpJson.Serialize(result.ToOscpError()));
    }

    [Fact]
    public void A_repeated_name_is_refused_on_every_entry_point()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(DuplicatedCapacity);
        using var document = JsonDocument.Parse(DuplicatedCapacity);
        const string Expected = "forecasted_blocks[0].capacity: appears twice in the object";

        Assert.Equal([Expected], OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, DuplicatedCapacity, PeerProfile.Oscp).Errors);
        Assert.Equal([Expected], OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, bytes, PeerProfile.Oscp).Errors);
        Assert.Equal([Expected], OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, document.RootElement, PeerProfile.Oscp).Errors);
        Assert.False(OscpValidator.TryRead<UpdateGroupCapacityForecast>(bytes, PeerProfile.Oscp, out var fromBytes, out var bytesResult));
        Assert.Null(fromBytes);
        Assert.Equal([Expected], bytesResult.Errors);
        Assert.False(OscpValidator.TryRead<UpdateGroupCapacityForecast>(document.RootElement, PeerProfile.Oscp, out var fromElement, out var elementResult));
        Assert.Null(fromElement);
        Assert.Equal([Expected], elementResult.Errors);
    }

    [Fact]
    public void The_same_value_twice_is_refused_too()
    {
        var body = JsonDuplicates.Duplicate(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[1].capacity");

        Assert.Equal(
            ["forecasted_blocks[1].capacity: appears twice in the object"],
            OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void A_name_spelled_with_an_escape_is_the_same_name()
    {
        const string Body = """
            {"group_id":"S1","type":"CONSUMPTION","forecasted_blocks":[{"capacity":50,"phase":"ALL","unit":"KW","start_time":"2026-11-26T12:00:00Z","end_time":"2026-11-26T12:15:00Z","c\u0061pacity":-1}]}
            """;

        Assert.Equal(
            ["forecasted_blocks[0].capacity: appears twice in the object"],
            OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, Body, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void Names_differing_in_case_are_different_names_as_for_the_reader()
    {
        // The reader matches names exactly, so "Capacity" is an unknown property it ignores, as the schema does.
        var body = DuplicatedCapacity.Replace("\"capacity\":-1", "\"Capacity\":-1", StringComparison.Ordinal);

        Assert.True(OscpValidator.TryRead<UpdateGroupCapacityForecast>(body, PeerProfile.Oscp, out var forecast, out var result), result.ToString());
        Assert.Equal(50, forecast.ForecastedBlocks[0].Capacity);
    }

    [Fact]
    public void Only_the_repetitions_are_reported_ordered_by_path_when_the_body_has_other_problems_as_well()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].unit", "VA");
        body = JsonEdit.Set(body, "forecasted_blocks[1].capacity", -5);
        body = JsonDuplicates.Duplicate(body, "type", "\"GENERATION\"", atEnd: true);
        body = JsonDuplicates.Duplicate(body, "forecasted_blocks[1].end_time", "\"2026-11-26T13:00:00Z\"");

        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Oscp);

        Assert.Equal(
            ["forecasted_blocks[1].end_time: appears twice in the object", "type: appears twice in the object"],
            result.Errors);
    }

    [Fact]
    public void A_name_given_three_times_is_reported_once()
    {
        var body = JsonDuplicates.Duplicate(OscpExamples.Heartbeat, "offline_mode_at");
        body = JsonDuplicates.Duplicate(body, "offline_mode_at", "\"2026-11-26T12:05:00Z\"", atEnd: true);

        Assert.Equal(
            ["offline_mode_at: appears twice in the object"],
            OscpValidator.Validate(OscpMessageKind.Heartbeat, body, PeerProfile.Oscp).Errors);
    }

    public static TheoryData<OscpMessageKind, string> EveryPropertyOfEveryKind()
    {
        var data = new TheoryData<OscpMessageKind, string>();
        foreach (var kind in OscpMessageKinds.All)
        {
            foreach (var path in JsonDuplicates.PropertyPaths(OscpExamples.For(kind)))
            {
                data.Add(kind, path);
            }
        }

        return data;
    }

    /// <summary>Top-level properties, nested objects (required_behaviour, energy_measurement) and array items (blocks, measurements) of every message.</summary>
    [Theory]
    [MemberData(nameof(EveryPropertyOfEveryKind))]
    public void Any_property_of_any_message_given_twice_is_refused_at_its_path(OscpMessageKind kind, string path)
    {
        var example = OscpExamples.For(kind);
        Assert.True(OscpValidator.Validate(kind, example, PeerProfile.Oscp).IsValid);

        foreach (var body in new[] { JsonDuplicates.Duplicate(example, path), JsonDuplicates.Duplicate(example, path, "null", atEnd: true) })
        {
            var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

            Assert.Equal([$"{path}: appears twice in the object"], result.Errors);
        }
    }

    [Fact]
    public void Every_kind_has_a_top_level_a_nested_and_an_array_item_property_among_them()
    {
        // Guards the theory above: it covers all three places a repeated name can hide.
        var paths = OscpMessageKinds.All.SelectMany(k => JsonDuplicates.PropertyPaths(OscpExamples.For(k))).ToList();

        Assert.Contains("required_behaviour.heartbeat_interval", paths);
        Assert.Contains("forecasted_blocks[0].capacity", paths);
        Assert.Contains("measurements[0].energy_measurement.value", paths);
        Assert.Contains("version_url[0].base_url", paths);
        Assert.Contains("offline_mode_at", paths);
    }

    [Theory]
    [InlineData(OscpMessageKind.Handshake)]
    [InlineData(OscpMessageKind.HandshakeAcknowledge)]
    public void A_flat_handshake_with_a_repeated_interval_is_refused(OscpMessageKind kind)
    {
        const string Body = """{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"],"heartbeat_interval":1}""";

        Assert.Equal(["heartbeat_interval: appears twice in the object"], OscpValidator.Validate(kind, Body, PeerProfile.Vector).Errors);
    }

    [Fact]
    public void The_typed_reader_alone_refuses_a_repeated_name_as_well()
    {
        // Defence in depth: OscpJson is not meant for untrusted bodies, but it must not pick a copy either.
        var forecast = Assert.Throws<JsonException>(() => OscpJson.Deserialize<UpdateGroupCapacityForecast>(DuplicatedCapacity));
        Assert.Equal("$.forecasted_blocks[0].capacity", forecast.Path);

        // Handshakes go through a converter that parses on its own.
        var handshake = Assert.Throws<JsonException>(() => OscpJson.Deserialize<Handshake>(
            """{"required_behaviour":{"heartbeat_interval":30,"heartbeat_interval":1}}"""));
        Assert.Equal("$.required_behaviour.heartbeat_interval", handshake.Path);
        var acknowledge = Assert.Throws<JsonException>(() => OscpJson.Deserialize<HandshakeAcknowledge>(
            """{"required_behaviour":{"measurement_configuration":["CONTINUOUS"]},"required_behaviour":null}"""));
        Assert.Equal("$.required_behaviour", acknowledge.Path);
    }
}
