using System.Text;
using System.Text.Json;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class LimitDocumentJsonTests
{
    // The webhook body example of docs/endpoints.md, "Limit webhook" (with its schedule entry's "source").
    private const string ContractExample = """
        { "groupId": "BUS_AUK_1", "version": 17, "issuedAt": "2026-11-26T12:00:03Z",
          "reason": "forecast",  "emergencyStop": false,
          "schedule": [ { "from": "2026-11-26T12:00:00Z", "to": "2026-11-26T12:15:00Z", "kw": 120.0, "source": "forecast" } ],
          "ocpp": [ { "chargingStationId": "CS-001", "setChargingProfileRequest": { "evseId": 0, "chargingProfile": { "id": 9001, "stackLevel": 0, "chargingProfilePurpose": "ChargingStationMaxProfile", "chargingProfileKind": "Absolute", "chargingSchedule": [ { "id": 1, "startSchedule": "2026-11-26T12:00:00Z", "duration": 86400, "chargingRateUnit": "W", "chargingSchedulePeriod": [ { "startPeriod": 0, "limit": 60000 } ] } ] } } } ] }
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The example site of docs/endpoints.md, "Site body" (two 150 kW stations) under a 120 kW forecast for 15 minutes, then a 120 kW base DOE.</summary>
    private static LimitDocument ContractDocument() => LimitDocuments.Build(
        "BUS_AUK_1",
        17,
        Now.AddSeconds(3),
        [new(Now, Now.AddMinutes(15), 120, LimitSource.Forecast, "r1"), new(Now.AddMinutes(15), Now.AddHours(24), 120, LimitSource.BaseDoe, null)],
        [new("CS-001", 150), new("CS-002", 150)],
        LimitDocumentOptions.Default,
        new HashSet<string>());

    [Fact]
    public void Json_matches_the_contract_example_field_by_field()
    {
        using var ours = JsonDocument.Parse(LimitDocumentJson.Serialize(ContractDocument()));
        using var contract = JsonDocument.Parse(ContractExample);

        AssertSameShapeAndValues(contract.RootElement, ours.RootElement, "$");
    }

    [Fact]
    public void Json_is_exactly_the_contract_shape_with_camel_case_names_and_Z_times()
    {
        var json = LimitDocumentJson.SerializeToString(ContractDocument());

        // One line per array entry here; the JSON itself has no whitespace.
        var expected = string.Concat("""
            {"groupId":"BUS_AUK_1","version":17,"issuedAt":"2026-11-26T12:00:03Z","reason":"forecast","emergencyStop":false,"schedule":[
            {"from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z","kw":120,"source":"forecast"},
            {"from":"2026-11-26T12:15:00Z","to":"2026-11-27T12:00:00Z","kw":120,"source":"base_doe"}],"ocpp":[
            {"chargingStationId":"CS-001","setChargingProfileRequest":{"evseId":0,"chargingProfile":{"id":9001,"stackLevel":0,"chargingProfilePurpose":"ChargingStationMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":1,"startSchedule":"2026-11-26T12:00:00Z","duration":86400,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":60000}]}]}}},
            {"chargingStationId":"CS-002","setChargingProfileRequest":{"evseId":0,"chargingProfile":{"id":9002,"stackLevel":0,"chargingProfilePurpose":"ChargingStationMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":1,"startSchedule":"2026-11-26T12:00:00Z","duration":86400,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":60000}]}]}}}]}
            """.Split('\n').Select(line => line.Trim()));

        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData(LimitReason.Forecast, "forecast")]
    [InlineData(LimitReason.Fallback, "fallback")]
    [InlineData(LimitReason.BaseDoe, "base_doe")]
    [InlineData(LimitReason.EmergencyStop, "emergency_stop")]
    [InlineData(LimitReason.Operator, "operator")]
    public void Reasons_and_sources_are_written_with_their_contract_names(LimitReason reason, string name)
    {
        var document = ContractDocument() with { Reason = reason, Schedule = [new(Now, Now.AddHours(24), 0, reason)] };

        using var json = JsonDocument.Parse(LimitDocumentJson.Serialize(document));

        Assert.Equal(name, json.RootElement.GetProperty("reason").GetString());
        Assert.Equal(name, json.RootElement.GetProperty("schedule")[0].GetProperty("source").GetString());
    }

    [Fact]
    public void A_document_round_trips()
    {
        var document = ContractDocument();

        Assert.Equal(document, LimitDocumentJson.Deserialize(LimitDocumentJson.Serialize(document)));
        Assert.Equal(document, LimitDocumentJson.Deserialize(LimitDocumentJson.SerializeToString(document)));
    }

    [Fact]
    public void Times_are_written_in_whole_seconds_UTC_whatever_their_offset()
    {
        var document = ContractDocument() with { IssuedAt = new DateTimeOffset(2026, 11, 27, 1, 0, 3, 999, TimeSpan.FromHours(13)) };

        using var json = JsonDocument.Parse(LimitDocumentJson.Serialize(document));

        Assert.Equal("2026-11-26T12:00:03Z", json.RootElement.GetProperty("issuedAt").GetString());
    }

    [Fact]
    public void Reading_accepts_any_RFC_3339_offset()
    {
        var json = LimitDocumentJson.SerializeToString(ContractDocument()).Replace("\"2026-11-26T12:00:03Z\"", "\"2026-11-27T01:00:03+13:00\"", StringComparison.Ordinal);

        Assert.Equal(Now.AddSeconds(3), LimitDocumentJson.Deserialize(json).IssuedAt);
    }

    [Fact]
    public void Reading_skips_unknown_properties()
    {
        var json = LimitDocumentJson.SerializeToString(ContractDocument()).Replace("{\"groupId\"", "{\"addedLater\":[1],\"groupId\"", StringComparison.Ordinal);

        Assert.Equal(ContractDocument(), LimitDocumentJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("\"version\":17,", "")]
    [InlineData("\"reason\":\"forecast\"", "\"reason\":\"sunny\"")]
    [InlineData("\"issuedAt\":\"2026-11-26T12:00:03Z\"", "\"issuedAt\":\"2026-11-26T12:00:03\"")]
    [InlineData("\"groupId\":\"BUS_AUK_1\"", "\"groupId\":null")]
    public void Reading_refuses_a_document_that_does_not_fit(string part, string replacement)
    {
        var json = LimitDocumentJson.SerializeToString(ContractDocument()).Replace(part, replacement, StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => LimitDocumentJson.Deserialize(json));
    }

    [Fact]
    public void Reading_null_is_refused() => Assert.Throws<JsonException>(() => LimitDocumentJson.Deserialize("null"));

    [Fact]
    public void A_document_round_trips_through_grain_state_json()
    {
        // The grain state serializer: System.Text.Json by reflection, camelCase.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var document = ContractDocument();

        var read = JsonSerializer.Deserialize<LimitDocument>(JsonSerializer.Serialize(document, options), options);

        Assert.Equal(document, read);
    }

    private static void AssertSameShapeAndValues(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, found {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSameShapeAndValues(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                // The example shows one entry of each array; ours has more (a second interval and station).
                Assert.True(actual.GetArrayLength() >= 1, $"{path}: empty");
                AssertSameShapeAndValues(expected[0], actual[0], $"{path}[0]");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetDouble() == actual.GetDouble(), $"{path}: expected {expected}, found {actual}");
                break;
            default:
                Assert.True(expected.ToString() == actual.ToString(), $"{path}: expected {expected}, found {actual}");
                break;
        }
    }
}
