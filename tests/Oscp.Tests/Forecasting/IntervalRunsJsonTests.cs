using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CsCheck;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Forecasting;

/// <summary>
/// Stored schedules and timelines are written as runs (<see cref="ScheduleRunsJsonConverter"/>,
/// <see cref="TimelineRunsJsonConverter"/>): whatever the entries — gaps, overlaps, uneven lengths, sub-second times,
/// mixed sources and request ids — they read back equal, to the tick and the kW, and a run is never longer than
/// the entries it stands for allow.
/// </summary>
public sealed class IntervalRunsJsonTests
{
    private static readonly JsonSerializerOptions Storage = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Holder(
        [property: JsonConverter(typeof(ScheduleRunsJsonConverter))] IReadOnlyList<ScheduledLimit> Schedule,
        [property: JsonConverter(typeof(TimelineRunsJsonConverter))] IReadOnlyList<TimelineBlock> Blocks);

    // Mostly back-to-back 15-minute entries of a few requests (the runs), with gaps, odd lengths and ticks mixed in.
    private static readonly Gen<ScheduledLimit[]> GenSchedule =
        Gen.Select(
            Gen.OneOf(Gen.Const(0L), Gen.Const(0L), Gen.Const(0L), Gen.Long[0, 3 * TimeSpan.TicksPerHour], Gen.Long[-5, 5]),
            Gen.OneOf(Gen.Const(15 * TimeSpan.TicksPerMinute), Gen.Const(15 * TimeSpan.TicksPerMinute), Gen.Long[0, 2 * TimeSpan.TicksPerDay]),
            Gen.OneOf(Gen.Const(0.0), Gen.Const(100.0), Gen.Double[0, 500], Gen.Double),
            Gen.OneOf(LimitSource.Forecast, LimitSource.Forecast, LimitSource.BaseDoe, LimitSource.Fallback),
            Gen.Int[0, 3].Select(i => i switch { 0 or 1 => "req-a", 2 => "req-b", _ => (string?)null }))
        .Array[0, 120]
        .Select(steps =>
        {
            var entries = new ScheduledLimit[steps.Length];
            var at = T0.AddTicks(7);
            for (var i = 0; i < steps.Length; i++)
            {
                var (gap, length, kw, source, requestId) = steps[i];
                var start = at.AddTicks(gap);
                entries[i] = new ScheduledLimit(start, start.AddTicks(length), double.IsFinite(kw) ? kw : 1e-300, source, requestId);
                at = entries[i].End;
            }

            return entries;
        });

    [Fact]
    public void Any_schedule_and_timeline_read_back_equal_to_the_tick()
    {
        GenSchedule.Sample(schedule =>
        {
            var blocks = schedule.Select(e => new TimelineBlock(e.Start, e.End, e.Kw, e.RequestId)).ToArray();
            var json = JsonSerializer.Serialize(new Holder(schedule, blocks), Storage);

            var read = JsonSerializer.Deserialize<Holder>(json, Storage)!;

            Assert.Equal<ScheduledLimit>(schedule, read.Schedule);
            Assert.Equal<TimelineBlock>(blocks, read.Blocks);
            Assert.IsType<CompactSchedule>(read.Schedule);
            Assert.IsType<CompactTimeline>(read.Blocks);
            // Never more objects than entries; a run joins only entries that follow one another with the same source and request id.
            var runs = JsonNode.Parse(json)!["schedule"]!.AsArray();
            Assert.True(runs.Count <= schedule.Length);
            Assert.Equal(schedule.Length, runs.Sum(r => r!["kw"] is JsonArray kws ? kws.Count : 1));
        });
    }

    [Fact]
    public void A_96_block_forecast_is_one_run_and_its_request_id_one_string()
    {
        var schedule = Enumerable.Range(0, 96)
            .Select(i => new ScheduledLimit(T0.AddMinutes(15 * i), T0.AddMinutes(15 * (i + 1)), 100 + i, LimitSource.Forecast, "req-" + "a"))
            .ToArray();

        var json = JsonSerializer.Serialize(new Holder(schedule, []), Storage);
        var read = JsonSerializer.Deserialize<Holder>(json, Storage)!;

        var run = Assert.Single(JsonNode.Parse(json)!["schedule"]!.AsArray())!;
        Assert.Equal("2026-03-01T00:00:00+00:00", (string?)run["start"]);
        Assert.Equal("2026-03-02T00:00:00+00:00", (string?)run["end"]);
        Assert.Equal(96, run["kw"]!.AsArray().Count);
        Assert.Equal<ScheduledLimit>(schedule, read.Schedule);
        Assert.All(read.Schedule, e => Assert.Same(read.Schedule[0].RequestId, e.RequestId));
        Assert.True(json.Length < 1000, $"{json.Length} characters");
    }

    [Theory]
    [InlineData("""{"schedule":[{"start":"2026-03-01T00:00:00Z","end":"2026-03-01T00:00:00.0000001Z","kw":[1,2],"source":"Forecast","requestId":null}],"blocks":[]}""", "does not divide")]
    [InlineData("""{"schedule":[{"start":"2026-03-01T00:00:00Z","end":"2026-03-01T01:00:00Z","kw":[],"source":"Forecast","requestId":null}],"blocks":[]}""", "empty kw")]
    [InlineData("""{"schedule":{"start":"2026-03-01T00:00:00Z"},"blocks":[]}""", "expected StartArray")]
    public void A_run_that_cannot_stand_for_its_entries_is_refused(string json, string reason)
    {
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(json, Storage));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }
}
