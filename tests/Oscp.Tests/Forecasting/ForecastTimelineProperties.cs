using CsCheck;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Forecasting;

/// <summary>Properties of "newest wins per instant", checked against a naive per-minute model.</summary>
public sealed class ForecastTimelineProperties
{
    private const int Horizon = 340;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Blocks on a minute grid, so checking every whole minute checks every instant. Few distinct
    // values, so coalescing is exercised too.
    private static readonly Gen<(int Start, int Length, int Kw)> GenBlock = Gen.Select(Gen.Int[0, 240], Gen.Int[1, 90], Gen.Int[0, 4]);

    /// <summary>Older forecasts (in arrival order) and the newest one; request id = "r" + arrival index.</summary>
    private static readonly Gen<TimelineBlock[][]> GenForecasts = GenBlock.Array[1, 6].Array[2, 6].Select(forecasts =>
        forecasts.Select((blocks, i) => blocks
            .Select(b => new TimelineBlock(T0.AddMinutes(b.Start), T0.AddMinutes(b.Start + b.Length), b.Kw, "r" + i))
            .ToArray()).ToArray());

    private static ForecastTimeline MergeAll(IEnumerable<TimelineBlock[]> forecasts) =>
        forecasts.Aggregate(ForecastTimeline.Empty, (timeline, forecast) => timeline.Merge(forecast));

    /// <summary>The model: the last block, in arrival order, covering the instant.</summary>
    private static TimelineBlock? Model(IEnumerable<TimelineBlock[]> forecasts, DateTimeOffset t) =>
        Covering(forecasts.SelectMany(f => f), t);

    /// <summary>The last block covering <paramref name="t"/>, or null (a block is a value: LastOrDefault would give an empty block, not null).</summary>
    private static TimelineBlock? Covering(IEnumerable<TimelineBlock> blocks, DateTimeOffset t) =>
        blocks.Where(b => b.Covers(t)).Select(b => (TimelineBlock?)b).LastOrDefault();

    private static IEnumerable<DateTimeOffset> Minutes() => Enumerable.Range(-1, Horizon + 2).Select(m => T0.AddMinutes(m));

    [Fact]
    public void Merged_timeline_is_sorted_and_never_overlaps() =>
        GenForecasts.Sample(forecasts =>
        {
            var blocks = MergeAll(forecasts).Blocks;
            Assert.All(blocks, b => Assert.True(b.Start < b.End, $"empty block {b}"));
            for (var i = 1; i < blocks.Count; i++)
            {
                Assert.True(blocks[i - 1].End <= blocks[i].Start, $"{blocks[i - 1]} overlaps or precedes {blocks[i]}");
            }
        });

    [Fact]
    public void Every_instant_covered_by_the_newest_forecast_takes_its_value() =>
        GenForecasts.Sample(forecasts =>
        {
            var newest = forecasts[^1];
            var timeline = MergeAll(forecasts);
            foreach (var t in Minutes())
            {
                if (Covering(newest, t) is { } expected)
                {
                    var actual = timeline.At(t);
                    Assert.Equal((expected.Kw, expected.RequestId), (actual?.Kw, actual?.RequestId));
                }
            }
        });

    [Fact]
    public void Instants_covered_only_by_older_data_keep_the_older_value() =>
        GenForecasts.Sample(forecasts =>
        {
            var older = forecasts[..^1];
            var timeline = MergeAll(forecasts);
            foreach (var t in Minutes().Where(t => !forecasts[^1].Any(b => b.Covers(t))))
            {
                var expected = Model(older, t);
                var actual = timeline.At(t);
                Assert.Equal((expected?.Kw, expected?.RequestId), (actual?.Kw, actual?.RequestId));
            }
        });

    [Fact]
    public void Merging_the_same_forecast_again_changes_nothing() =>
        GenForecasts.Sample(forecasts =>
        {
            var timeline = MergeAll(forecasts);
            Assert.Equal(timeline, timeline.Merge(forecasts[^1]));
        });
}
