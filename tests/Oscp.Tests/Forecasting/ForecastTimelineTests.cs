using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Forecasting;

public sealed class ForecastTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => T0.AddHours(hours);

    private static TimelineBlock Block(double fromHour, double toHour, double kw, string? requestId) => new(H(fromHour), H(toHour), kw, requestId);

    [Fact]
    public void Forecast_with_overlapping_blocks_replaces_only_the_overlap()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 24, 50, "day-ahead")]);

        var merged = timeline.Merge([Block(16.25, 18, 10, "emergency")]);

        Assert.Equal<TimelineBlock>(
            [Block(0, 16.25, 50, "day-ahead"), Block(16.25, 18, 10, "emergency"), Block(18, 24, 50, "day-ahead")],
            merged.Blocks);
    }

    [Fact]
    public void Newer_forecast_keeps_older_data_in_the_gaps_of_its_span()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 4, 50, "r1")]);

        var merged = timeline.Merge([Block(0, 1, 10, "r2"), Block(3, 4, 20, "r2")]);

        Assert.Equal<TimelineBlock>([Block(0, 1, 10, "r2"), Block(1, 3, 50, "r1"), Block(3, 4, 20, "r2")], merged.Blocks);
    }

    [Fact]
    public void Newer_forecast_covering_several_older_blocks_cuts_the_edges_and_drops_the_middle()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 1, 1, "r1"), Block(1, 2, 2, "r1"), Block(2, 3, 3, "r1")]);

        var merged = timeline.Merge([Block(0.5, 2.5, 9, "r2")]);

        Assert.Equal<TimelineBlock>([Block(0, 0.5, 1, "r1"), Block(0.5, 2.5, 9, "r2"), Block(2.5, 3, 3, "r1")], merged.Blocks);
    }

    [Fact]
    public void Within_one_forecast_a_later_overlapping_block_wins()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 2, 10, "r1"), Block(1, 3, 20, "r1")]);

        Assert.Equal<TimelineBlock>([Block(0, 1, 10, "r1"), Block(1, 3, 20, "r1")], timeline.Blocks);
    }

    [Fact]
    public void Adjacent_blocks_with_equal_value_and_request_are_coalesced()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 1, 10, "r1"), Block(1, 2, 10, "r1"), Block(2, 3, 10, "r2")]);

        Assert.Equal<TimelineBlock>([Block(0, 2, 10, "r1"), Block(2, 3, 10, "r2")], timeline.Blocks);
    }

    [Fact]
    public void At_treats_blocks_as_half_open()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 1, 10, "r1"), Block(1, 2, 20, "r1")]);

        Assert.Equal(10, timeline.At(H(0))?.Kw);
        Assert.Equal(20, timeline.At(H(1))?.Kw);
        Assert.Null(timeline.At(H(2)));
        Assert.Null(timeline.At(H(-0.1)));
    }

    [Fact]
    public void At_finds_nothing_in_a_gap()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 1, 10, "r1"), Block(2, 3, 20, "r1")]);

        Assert.Null(timeline.At(H(1.5)));
    }

    [Fact]
    public void Prune_drops_blocks_that_ended_and_keeps_the_current_one_whole()
    {
        var timeline = ForecastTimeline.Empty.Merge([Block(0, 1, 10, "r1"), Block(1, 2, 20, "r2"), Block(2, 3, 30, "r3")]);

        var pruned = timeline.PruneBefore(H(1.5));

        Assert.Equal<TimelineBlock>([Block(1, 2, 20, "r2"), Block(2, 3, 30, "r3")], pruned.Blocks);
        Assert.Equal<TimelineBlock>([Block(2, 3, 30, "r3")], pruned.PruneBefore(H(2)).Blocks);
    }

    [Fact]
    public void Merge_rejects_a_block_that_ends_before_it_starts() =>
        Assert.Throws<ArgumentException>(() => ForecastTimeline.Empty.Merge([Block(2, 1, 10, "r1")]));

    [Fact]
    public void Timelines_with_the_same_blocks_are_equal() =>
        Assert.Equal(
            ForecastTimeline.Empty.Merge([Block(0, 1, 10, "r1")]),
            ForecastTimeline.Empty.Merge([Block(0, 0.5, 10, "r1"), Block(0.5, 1, 10, "r1")]));
}
