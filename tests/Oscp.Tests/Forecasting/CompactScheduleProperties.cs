using CsCheck;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Forecasting;

/// <summary>
/// A schedule held as runs (<see cref="CompactSchedule"/>) is the list it was built from: every entry by index and in
/// order, to the tick, the kW bit for bit, source and request id; a regular forecast is a single run.
/// </summary>
public sealed class CompactScheduleProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Mostly back-to-back 15-minute entries of one or two requests, with gaps, overlaps, odd lengths and sources mixed in.
    internal static readonly Gen<ScheduledLimit[]> GenSchedule =
        Gen.Select(
            Gen.OneOf(Gen.Const(0L), Gen.Const(0L), Gen.Const(0L), Gen.Long[-5, TimeSpan.TicksPerHour]),
            Gen.OneOf(Gen.Const(15 * TimeSpan.TicksPerMinute), Gen.Const(15 * TimeSpan.TicksPerMinute), Gen.Long[0, TimeSpan.TicksPerDay]),
            Gen.Double,
            Gen.OneOf(LimitSource.Forecast, LimitSource.Forecast, LimitSource.BaseDoe, LimitSource.Fallback),
            Gen.Int[0, 3].Select(i => i switch { 0 or 1 => "req-a", 2 => "req-b", _ => (string?)null }))
        .Array[0, 150]
        .Select(steps =>
        {
            var at = T0.AddTicks(3);
            return steps.Select(step =>
            {
                var (gap, length, kw, source, requestId) = step;
                var start = at.AddTicks(gap);
                at = start.AddTicks(length);
                return new ScheduledLimit(start, at, kw, source, requestId is null ? null : new string(requestId));
            }).ToArray();
        });

    [Fact]
    public void A_compact_schedule_is_the_list_it_was_built_from() =>
        GenSchedule.Sample(entries => AssertHolds(entries, CompactSchedule.Of(entries), e => e.Kw));

    /// <summary>
    /// <paramref name="compact"/> is <paramref name="items"/>: by index and in order, each equal and its kW the same
    /// bits; no more runs than items; an index outside refused.
    /// </summary>
    internal static void AssertHolds<T>(T[] items, CompactList<T> compact, Func<T, double> kw)
    {
        Assert.Equal(items.Length, compact.Count);
        Assert.Equal(items, compact);
        for (var i = 0; i < items.Length; i++)
        {
            Assert.Equal(items[i], compact[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(kw(items[i])), BitConverter.DoubleToInt64Bits(kw(compact[i])));
        }

        Assert.True(compact.RunCount <= items.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => compact[items.Length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => compact[-1]);
    }

    [Fact]
    public void A_96_block_forecast_is_one_run_with_one_request_id_string()
    {
        var entries = Enumerable.Range(0, 96)
            .Select(i => new ScheduledLimit(T0.AddMinutes(15 * i), T0.AddMinutes(15 * (i + 1)), i * 0.5, LimitSource.Forecast, new string("req-a")))
            .ToArray();

        var compact = SharedRequestIds.Compact(entries);

        var held = Assert.IsType<CompactSchedule>(compact);
        Assert.Equal(1, held.RunCount);
        Assert.Same(held[0].RequestId, held[95].RequestId);
        Assert.Same(held, SharedRequestIds.Compact(held));
    }
}
