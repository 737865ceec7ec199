using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Forecasting;

/// <summary>
/// Schedule entries and timeline blocks have converters of their own: what they write must be what System.Text.Json
/// wrote for the classes they were (the records below), under every option set the product uses, and read back equal.
/// </summary>
public sealed class IntervalJsonTests
{
    private sealed record ClassEraLimit(DateTimeOffset Start, DateTimeOffset End, double Kw, LimitSource Source, string? RequestId);

    private sealed record ClassEraBlock(DateTimeOffset Start, DateTimeOffset End, double Kw, string? RequestId);

    public static TheoryData<string> OptionSets => ["storage", "grain calls", "ignore nulls"];

    private static JsonSerializerOptions Options(string name) => name switch
    {
        "storage" => new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() }, DefaultIgnoreCondition = JsonIgnoreCondition.Never },
        "grain calls" => new(JsonSerializerDefaults.General),
        _ => new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull },
    };

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Entries_and_blocks_write_the_class_era_json_and_read_back_equal(string optionSet)
    {
        var options = Options(optionSet);
        foreach (var (kw, source, requestId) in new[] { (0.0, LimitSource.Forecast, "req-1"), (123.456, LimitSource.BaseDoe, null), (1e-7, LimitSource.Fallback, "ü\"x") })
        {
            var limit = new ScheduledLimit(T0.AddTicks(1234567), T0.AddMinutes(15), kw, source, requestId);
            var expected = JsonSerializer.Serialize(new ClassEraLimit(limit.Start, limit.End, kw, source, requestId), options);
            Assert.Equal(expected, JsonSerializer.Serialize(limit, options));
            Assert.Equal(limit, JsonSerializer.Deserialize<ScheduledLimit>(expected, options));

            var block = new TimelineBlock(T0, T0.AddMinutes(15).AddTicks(1), kw, requestId);
            var expectedBlock = JsonSerializer.Serialize(new ClassEraBlock(block.Start, block.End, kw, requestId), options);
            Assert.Equal(expectedBlock, JsonSerializer.Serialize(block, options));
            Assert.Equal(block, JsonSerializer.Deserialize<TimelineBlock>(expectedBlock, options));
        }
    }

    [Fact]
    public void Names_read_in_any_case_unknown_properties_are_skipped_and_an_offset_reads_as_the_same_instant()
    {
        var read = JsonSerializer.Deserialize<ScheduledLimit>(
            """{"START":"2026-03-01T02:00:00+02:00","extra":{"a":[1]},"end":"2026-03-01T00:15:00Z","KW":5,"source":"Fallback","requestid":null}""");

        Assert.Equal(new ScheduledLimit(T0, T0.AddMinutes(15), 5, LimitSource.Fallback, null), read);
        Assert.Equal(TimeSpan.Zero, read.Start.Offset);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TimelineBlock>("[1]"));
    }
}
