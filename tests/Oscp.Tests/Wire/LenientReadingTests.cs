using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

public sealed class LenientReadingTests
{
    [Fact]
    public void Capacity_sent_as_a_string_is_read_as_a_number()
    {
        var json = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity", "120.5");

        var forecast = OscpJson.Deserialize<UpdateGroupCapacityForecast>(json);

        Assert.Equal(120.5, forecast.ForecastedBlocks[0].Capacity);
        Assert.Contains("\"capacity\":120.5", OscpJson.Serialize(forecast), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_properties_are_ignored_at_every_level()
    {
        var json = """
            { "group_id": "SITE42", "vendor_extension": { "a": [1, 2] }, "type": "CONSUMPTION",
              "forecasted_blocks": [ { "capacity": 5, "phase": "ALL", "unit": "KW", "note": "x",
                "start_time": "2026-11-26T12:00:00Z", "end_time": "2026-11-26T12:15:00Z" } ] }
            """;

        var forecast = OscpJson.Deserialize<UpdateGroupCapacityForecast>(json);

        Assert.Equal("SITE42", forecast.GroupId);
        Assert.Equal(5, Assert.Single(forecast.ForecastedBlocks).Capacity);
        Assert.DoesNotContain("vendor_extension", OscpJson.Serialize(forecast), StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_energy_type_stays_absent_rather_than_defaulting()
    {
        var report = OscpJson.Deserialize<UpdateGroupMeasurements>(OscpExamples.UpdateGroupMeasurements);

        Assert.Null(report.Measurements[0].EnergyType);
        Assert.Null(report.Measurements[0].InitialMeasureTime);
        Assert.DoesNotContain("\"energy_type\":null", OscpJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_property_fails_a_direct_typed_read()
    {
        Assert.Throws<JsonException>(() => OscpJson.Deserialize<UpdateGroupCapacityForecast>("""{"type":"CONSUMPTION","forecasted_blocks":[]}"""));
    }

    [Fact]
    public void Null_body_fails_a_typed_read()
    {
        Assert.Throws<JsonException>(() => OscpJson.Deserialize<Heartbeat>("null"));
    }

    [Fact]
    public void Type_outside_the_context_is_refused_by_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => OscpJson.Serialize(new Uri("https://example.com")));

        Assert.Contains(nameof(Uri), error.Message, StringComparison.Ordinal);
    }
}
