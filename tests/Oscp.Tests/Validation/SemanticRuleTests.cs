using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class SemanticRuleTests
{
    private static string Block(string start, string end, string phase = "ALL", double capacity = 50) =>
        $$"""{ "capacity": {{capacity}}, "phase": "{{phase}}", "unit": "KW", "start_time": "{{start}}", "end_time": "{{end}}" }""";

    private static string Forecast(params string[] blocks) =>
        $$"""{ "group_id": "BUS_AUK_1", "type": "CONSUMPTION", "forecasted_blocks": [ {{string.Join(",", blocks)}} ] }""";

    private static ValidationResult Validate(string body, OscpMessageKind kind = OscpMessageKind.UpdateGroupCapacityForecast) =>
        OscpValidator.Validate(kind, body, PeerProfile.Vector);

    [Fact]
    public void Forecast_block_with_end_before_start_is_rejected_naming_the_path()
    {
        var body = Forecast(
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z"),
            Block("2026-11-26T12:15:00Z", "2026-11-26T12:30:00Z"),
            Block("2026-11-26T12:30:00Z", "2026-11-26T12:45:00Z"),
            Block("2026-11-26T13:00:00Z", "2026-11-26T12:45:00Z"));

        Assert.Equal(["forecasted_blocks[3].end_time: must be after start_time"], Validate(body).Errors);
    }

    [Fact]
    public void Forecast_block_that_ends_when_it_starts_is_rejected()
    {
        var body = Forecast(Block("2026-11-26T12:00:00Z", "2026-11-26T12:00:00Z"));

        Assert.Equal(["forecasted_blocks[0].end_time: must be after start_time"], Validate(body).Errors);
    }

    [Fact]
    public void Block_times_are_compared_as_instants_across_offsets()
    {
        // 12:00Z to 01:00+13:00 (= 12:00Z): empty, although the local clock reading grows.
        var body = Forecast(Block("2026-11-26T12:00:00Z", "2026-11-27T01:00:00+13:00"));

        Assert.Equal(["forecasted_blocks[0].end_time: must be after start_time"], Validate(body).Errors);
    }

    [Fact]
    public void Overlapping_blocks_of_the_same_phase_are_rejected_naming_both()
    {
        var body = Forecast(
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z"),
            Block("2026-11-26T12:15:00Z", "2026-11-26T12:30:00Z"),
            Block("2026-11-26T12:30:00Z", "2026-11-26T12:45:00Z"),
            Block("2026-11-26T12:45:00Z", "2026-11-26T13:00:00Z"),
            Block("2026-11-26T12:50:00Z", "2026-11-26T13:15:00Z"));

        Assert.Equal(["forecasted_blocks[4]: overlaps forecasted_blocks[3]"], Validate(body).Errors);
    }

    [Fact]
    public void Overlap_is_reported_on_the_later_block_even_when_it_starts_first()
    {
        var body = Forecast(
            Block("2026-11-26T12:30:00Z", "2026-11-26T13:00:00Z"),
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:45:00Z"));

        Assert.Equal(["forecasted_blocks[1]: overlaps forecasted_blocks[0]"], Validate(body).Errors);
    }

    [Fact]
    public void Identical_blocks_overlap()
    {
        var body = Forecast(
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z"),
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z", capacity: 0));

        Assert.Equal(["forecasted_blocks[1]: overlaps forecasted_blocks[0]"], Validate(body).Errors);
    }

    [Fact]
    public void Overlap_is_found_across_offsets()
    {
        var body = Forecast(
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z"),
            Block("2026-11-27T01:10:00+13:00", "2026-11-27T01:30:00+13:00"));

        Assert.Equal(["forecasted_blocks[1]: overlaps forecasted_blocks[0]"], Validate(body).Errors);
    }

    [Fact]
    public void Blocks_of_different_phases_may_cover_the_same_time()
    {
        var body = Forecast(
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z", "ONE"),
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z", "TWO"),
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z", "THREE"));

        Assert.True(Validate(body).IsValid);
    }

    [Fact]
    public void Consecutive_blocks_sharing_a_boundary_and_gaps_between_blocks_are_valid()
    {
        var body = Forecast(
            Block("2026-11-26T12:15:00Z", "2026-11-26T12:30:00Z"),
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z"),
            Block("2026-11-26T13:00:00Z", "2026-11-26T13:15:00Z"));

        Assert.True(Validate(body).IsValid);
    }

    [Fact]
    public void Overlaps_in_a_compliance_error_are_rejected_too()
    {
        var body = $$"""
            { "message": "cannot comply", "forecasted_blocks": [
              {{Block("2026-11-26T12:00:00Z", "2026-11-26T12:30:00Z")}}, {{Block("2026-11-26T12:15:00Z", "2026-11-26T12:45:00Z")}} ] }
            """;

        Assert.Equal(
            ["forecasted_blocks[1]: overlaps forecasted_blocks[0]"],
            Validate(body, OscpMessageKind.GroupCapacityComplianceError).Errors);
    }

    [Fact]
    public void Block_with_end_before_start_is_not_also_reported_as_overlapping()
    {
        var body = Forecast(
            Block("2026-11-26T12:00:00Z", "2026-11-26T12:30:00Z"),
            Block("2026-11-26T12:20:00Z", "2026-11-26T12:10:00Z"));

        Assert.Equal(["forecasted_blocks[1].end_time: must be after start_time"], Validate(body).Errors);
    }

    [Fact]
    public void Energy_reading_that_starts_counting_after_it_was_taken_is_rejected()
    {
        var asset = JsonEdit.Set(
            OscpExamples.UpdateAssetMeasurements, "measurements[0].energy_measurement.initial_measure_time", "2026-11-26T12:16:00Z");
        var group = JsonEdit.Set(OscpExamples.UpdateGroupMeasurements, "measurements[1].initial_measure_time", "2026-11-26T12:30:00Z");

        Assert.Equal(
            ["measurements[0].energy_measurement.initial_measure_time: must not be after measure_time"],
            Validate(asset, OscpMessageKind.UpdateAssetMeasurements).Errors);
        Assert.Equal(
            ["measurements[1].initial_measure_time: must not be after measure_time"],
            OscpValidator.Validate(OscpMessageKind.UpdateGroupMeasurements, group, PeerProfile.Oscp).Errors);
    }
}
