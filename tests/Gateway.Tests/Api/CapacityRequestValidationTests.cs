using System.Text;
using OscpFleet.Gateway.Api;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.Tests.Api;

public sealed class CapacityRequestValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_valid_request_gives_kw_blocks_on_all_phases_in_utc_sorted_by_start()
    {
        var (request, errors) = CapacityRequestValidation.Validate("BUS_AUK_1", Json("""
            {"type":"CONSUMPTION","blocks":[
              {"from":"2026-11-27T02:15:00+13:00","to":"2026-11-27T02:30:00+13:00","kw":120.5},
              {"from":"2026-11-26T13:00:00Z","to":"2026-11-26T13:15:00Z","kw":150}
            ]}
            """), Now);

        Assert.Empty(errors);
        Assert.Equal(CapacityForecastType.Consumption, request!.Type);
        Assert.Equal(
        [
            new ForecastedBlock(150, PhaseIndicator.All, ForecastedBlockUnit.Kw, new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 13, 15, 0, TimeSpan.Zero)),
            new ForecastedBlock(120.5, PhaseIndicator.All, ForecastedBlockUnit.Kw, new DateTimeOffset(2026, 11, 26, 13, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 13, 30, 0, TimeSpan.Zero)),
        ], request.Blocks);
        Assert.All(request.Blocks, b => Assert.Equal(TimeSpan.Zero, b.StartTime.Offset));
    }

    [Theory]
    [InlineData("CONSUMPTION", CapacityForecastType.Consumption)]
    [InlineData("GENERATION", CapacityForecastType.Generation)]
    [InlineData("FALLBACK_CONSUMPTION", CapacityForecastType.FallbackConsumption)]
    [InlineData("FALLBACK_GENERATION", CapacityForecastType.FallbackGeneration)]
    [InlineData("OPTIMUM", CapacityForecastType.Optimum)]
    public void Every_wire_type_is_accepted(string wire, CapacityForecastType expected)
    {
        var (request, errors) = CapacityRequestValidation.Validate("S1", Json($$"""{"type":"{{wire}}","blocks":[{"from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z","kw":0}]}"""), Now);

        Assert.Empty(errors);
        Assert.Equal(expected, request!.Type);
    }

    [Theory]
    [InlineData("\"consumption\"")]
    [InlineData("\"Consumption\"")]
    [InlineData("\"CONSUMPTION \"")]
    [InlineData("0")]
    [InlineData("null")]
    public void Any_other_type_is_refused_listing_the_wire_values(string type)
    {
        var (request, errors) = CapacityRequestValidation.Validate("S1", Json($$"""{"type":{{type}},"blocks":[{"from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z","kw":0}]}"""), Now);

        Assert.Null(request);
        Assert.Equal(["type: must be one of CONSUMPTION, GENERATION, FALLBACK_CONSUMPTION, FALLBACK_GENERATION, OPTIMUM"], errors);
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var (request, errors) = CapacityRequestValidation.Validate("BAD/ID", Json("""
            {"groupId":"S1","blocks":[
              {"from":"2026-11-26T13:00:00Z","to":"2026-11-26T12:30:00Z","kw":-1},
              {"from":"2026-11-26T10:00:00Z","to":"2026-11-26T11:00:00Z","kw":"150"},
              {"from":"2026-11-26T13:00","kW":10},
              {"from":"2026-11-26T13:00:00Z","to":"2026-11-26T14:00:00Z","kw":1e999},
              []
            ]}
            """), Now);

        Assert.Null(request);
        Assert.Equal(
        [
            "groupId: must be letters, digits, '_' and '-', 1-64 characters",
            "groupId: unknown field; the body is {\"type\",\"blocks\":[{\"from\",\"to\",\"kw\"}]}",
            "type: is required",
            "blocks[0].kw: must be >= 0",
            "blocks[0].to: must be later than from",
            "blocks[1].kw: must be a JSON number in kW",
            "blocks[1].to: must be later than now (2026-11-26T12:00:00Z)",
            "blocks[2].kW: unknown field; a block is {\"from\",\"to\",\"kw\"} with kw in kW",
            "blocks[2].from: must be an RFC 3339 date-time with an offset",
            "blocks[2].to: is required",
            "blocks[2].kw: is required",
            "blocks[3].kw: must be a finite number",
            "blocks[4]: must be an object {\"from\",\"to\",\"kw\"}",
        ], errors);
    }

    [Theory]
    [InlineData("{}", "blocks: is required")]
    [InlineData("""{"blocks":{}}""", "blocks: must be an array of {\"from\",\"to\",\"kw\"}")]
    [InlineData("""{"blocks":[]}""", "blocks: must hold 1 to 192 blocks (got 0)")]
    public void Blocks_must_be_a_non_empty_array(string body, string expected)
    {
        var (_, errors) = CapacityRequestValidation.Validate("S1", Json(body), Now);

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void At_most_192_blocks()
    {
        static string Blocks(int count) => string.Join(',', Enumerable.Range(0, count).Select(i =>
            $$"""{"from":"{{OscpFleet.Oscp.Json.Rfc3339.Format(Now.AddMinutes(15 * i))}}","to":"{{OscpFleet.Oscp.Json.Rfc3339.Format(Now.AddMinutes(15 * (i + 1)))}}","kw":10}"""));

        var (request, none) = CapacityRequestValidation.Validate("S1", Json($$"""{"type":"OPTIMUM","blocks":[{{Blocks(192)}}]}"""), Now);
        var (_, errors) = CapacityRequestValidation.Validate("S1", Json($$"""{"type":"OPTIMUM","blocks":[{{Blocks(193)}}]}"""), Now);

        Assert.Empty(none);
        Assert.Equal(192, request!.Blocks.Count);
        Assert.Equal(["blocks: must hold 1 to 192 blocks (got 193)"], errors);
    }

    [Fact]
    public void A_block_ending_exactly_now_is_refused_and_one_that_started_earlier_but_ends_later_is_fine()
    {
        var (_, errors) = CapacityRequestValidation.Validate("S1", Json("""{"type":"CONSUMPTION","blocks":[{"from":"2026-11-26T11:45:00Z","to":"2026-11-26T12:00:00Z","kw":1}]}"""), Now);
        var (request, none) = CapacityRequestValidation.Validate("S1", Json("""{"type":"CONSUMPTION","blocks":[{"from":"2026-11-26T11:45:00Z","to":"2026-11-26T12:00:01Z","kw":1}]}"""), Now);

        Assert.Equal(["blocks[0].to: must be later than now (2026-11-26T12:00:00Z)"], errors);
        Assert.Empty(none);
        Assert.NotNull(request);
    }

    [Fact]
    public void Overlapping_blocks_are_refused_in_any_order_and_adjacent_ones_are_fine()
    {
        var (_, errors) = CapacityRequestValidation.Validate("S1", Json("""
            {"type":"CONSUMPTION","blocks":[
              {"from":"2026-11-26T14:00:00Z","to":"2026-11-26T15:00:00Z","kw":1},
              {"from":"2026-11-26T12:00:00Z","to":"2026-11-26T14:00:00Z","kw":1},
              {"from":"2026-11-26T13:00:00Z","to":"2026-11-26T13:30:00Z","kw":1},
              {"from":"2026-11-26T15:59:00+01:00","to":"2026-11-26T15:30:00Z","kw":1},
              {"from":"2026-11-26T15:30:00Z","to":"2026-11-26T16:00:00Z","kw":1}
            ]}
            """), Now);

        Assert.Equal(["blocks[2]: overlaps blocks[1]", "blocks[3]: overlaps blocks[0]"], errors);
    }

    [Fact]
    public void Malformed_json_is_refused_naming_the_position()
    {
        var (_, errors) = CapacityRequestValidation.Validate("S1", Json("""{"type":"CONSUMPTION","blocks":[}"""), Now);

        Assert.StartsWith("body: is not valid JSON at line 1, byte ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
