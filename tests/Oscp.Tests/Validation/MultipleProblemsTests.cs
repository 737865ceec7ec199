using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class MultipleProblemsTests
{
    [Fact]
    public void Body_with_several_problems_reports_every_one_of_them_ordered_by_path()
    {
        const string body = """
            { "group_id": "BUS AUK 1", "type": "MAXIMUM",
              "forecasted_blocks": [
                { "capacity": 100, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:00:00Z", "end_time": "2026-11-26T12:15:00Z" },
                { "capacity": -5, "phase": "ALL", "unit": "kW", "start_time": "2026-11-26T12:15:00", "end_time": "2026-11-26T12:30:00Z" },
                { "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:30:00Z", "end_time": "2026-11-26T12:30:00Z" },
                { "capacity": 100, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:10:00Z", "end_time": "2026-11-26T12:20:00Z" } ] }
            """;

        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Vector);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "forecasted_blocks[1].capacity: must be >= 0",
                "forecasted_blocks[1].start_time: must be an RFC 3339 date-time with an offset",
                "forecasted_blocks[1].unit: must be one of A, W, KW, WH, KWH",
                "forecasted_blocks[2].capacity: is required",
                "forecasted_blocks[2].end_time: must be after start_time",
                "forecasted_blocks[3]: overlaps forecasted_blocks[0]",
                "group_id: must be 1 to 64 letters, digits, '_' or '-'",
                "type: must be one of CONSUMPTION, GENERATION, FALLBACK_CONSUMPTION, FALLBACK_GENERATION, OPTIMUM",
            ],
            result.Errors);
    }

    [Fact]
    public void Bad_enum_and_bad_time_in_one_measurement_body_are_both_reported()
    {
        const string body = """
            { "group_id": "SITE42", "measurements": [ { "asset_id": "SITE42", "asset_category": "CHARGER",
                "instantaneous_measurement": { "value": 5, "phase": "ALL", "unit": "A", "measure_time": "2026-11-26T12:15:00" } } ] }
            """;

        var result = OscpValidator.Validate(OscpMessageKind.UpdateAssetMeasurements, body, PeerProfile.Vector);

        Assert.Equal(
            [
                "measurements[0].asset_category: must be one of CHARGING, CONSUMPTION, GENERATION, STORAGE",
                "measurements[0].instantaneous_measurement.measure_time: must be an RFC 3339 date-time with an offset",
                "measurements[0].instantaneous_measurement.unit: must be one of KW, W for the vector profile",
            ],
            result.Errors);
    }

    [Fact]
    public void Problems_in_the_eleventh_block_sort_after_the_second()
    {
        var blocks = Enumerable.Range(0, 11).Select(i =>
            $$"""{ "capacity": {{(i is 1 or 10 ? -1 : 1)}}, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T{{10 + i}}:00:00Z", "end_time": "2026-11-26T{{10 + i}}:30:00Z" }""");
        var body = $$"""{ "group_id": "G", "type": "CONSUMPTION", "forecasted_blocks": [ {{string.Join(",", blocks)}} ] }""";

        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Oscp);

        Assert.Equal(["forecasted_blocks[1].capacity: must be >= 0", "forecasted_blocks[10].capacity: must be >= 0"], result.Errors);
    }
}
