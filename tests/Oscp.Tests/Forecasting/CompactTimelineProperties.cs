using CsCheck;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Forecasting;

/// <summary>
/// A timeline's blocks held as runs (<see cref="CompactTimeline"/>) are the list they were built from: every block by
/// index and in order, to the tick, the kW bit for bit, and the request id; a merged 96-block forecast is one run, and a
/// timeline built, merged, pruned or read back from storage holds its blocks that way.
/// </summary>
public sealed class CompactTimelineProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // The schedules' generator (gaps, overlaps, odd and sub-tick lengths, any double, one or two requests) as blocks.
    private static readonly Gen<TimelineBlock[]> GenBlocks =
        CompactScheduleProperties.GenSchedule.Select(entries => entries.Select(e => new TimelineBlock(e.Start, e.End, e.Kw, e.RequestId)).ToArray());

    [Fact]
    public void A_compact_timeline_is_the_list_it_was_built_from() =>
        GenBlocks.Sample(blocks => CompactScheduleProperties.AssertHolds(blocks, CompactTimeline.Of(blocks), b => b.Kw));

    [Fact]
    public void A_merged_96_block_forecast_is_held_as_one_run_with_one_request_id_string()
    {
        var forecast = Enumerable.Range(0, 96)
            .Select(i => new TimelineBlock(T0.AddMinutes(15 * i), T0.AddMinutes(15 * (i + 1)), 40 + (i % 7), new string("req-a")));

        var timeline = ForecastTimeline.Empty.Merge(forecast);

        var held = Assert.IsType<CompactTimeline>(timeline.Blocks);
        Assert.Equal(96, held.Count);
        Assert.Equal(1, held.RunCount);
        Assert.Same(held[0].RequestId, held[95].RequestId);
        // Pruned: still runs, the blocks that ended gone.
        var pruned = Assert.IsType<CompactTimeline>(timeline.PruneBefore(T0.AddHours(1)).Blocks);
        Assert.Equal(92, pruned.Count);
        Assert.Equal(T0.AddHours(1), pruned[0].Start);
        Assert.Same(timeline, timeline.PruneBefore(T0));
    }

    [Fact]
    public void A_timeline_given_any_list_holds_it_compact_and_equal()
    {
        GenBlocks.Sample(blocks =>
        {
            var timeline = new ForecastTimeline(blocks);
            var copied = timeline with { Blocks = blocks.ToList() };

            Assert.IsType<CompactTimeline>(timeline.Blocks);
            Assert.IsType<CompactTimeline>(copied.Blocks);
            Assert.Equal(timeline, copied);
            Assert.Equal(timeline.GetHashCode(), copied.GetHashCode());
            Assert.Equal<TimelineBlock>(blocks, copied.Blocks);
        });
    }

    [Fact]
    public void A_missing_blocks_property_reads_as_an_empty_timeline()
    {
        Assert.Empty(new ForecastTimeline(null).Blocks);
        Assert.Empty(System.Text.Json.JsonSerializer.Deserialize<ForecastTimeline>("{}")!.Blocks);
    }
}
