using System.Collections;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A forecast timeline's blocks held as runs (<see cref="IntervalRuns"/>), the shape they are stored in
/// (<see cref="TimelineRunsJsonConverter"/>): an active site's 96-block forecast takes ~0.8 KB instead of 96 blocks of
/// 32 bytes. Read-only; a block is made when asked for (a value, nothing allocated) and reads back exactly what it was
/// built from.
/// </summary>
public sealed class CompactTimeline : IReadOnlyList<TimelineBlock>
{
    private CompactTimeline(IntervalRuns runs) => Runs = runs;

    /// <summary>No blocks.</summary>
    public static CompactTimeline Empty { get; } = new(IntervalRuns.Empty);

    /// <summary>The blocks of <paramref name="blocks"/> (already compact: the same instance); request ids equal in value share one string.</summary>
    public static CompactTimeline Of(IReadOnlyList<TimelineBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return blocks as CompactTimeline
            ?? (blocks.Count == 0 ? Empty : new(IntervalRuns.Of(blocks, static b => new(b.Start.UtcTicks, b.End.UtcTicks, b.Kw, default, b.RequestId))));
    }

    /// <summary>The runs (written as they are by <see cref="TimelineRunsJsonConverter"/>).</summary>
    internal IntervalRuns Runs { get; }

    /// <inheritdoc />
    public int Count => Runs.Count;

    /// <summary>How many runs hold the blocks (for tests and diagnostics).</summary>
    public int RunCount => Runs.RunCount;

    /// <inheritdoc />
    public TimelineBlock this[int index] => Block(Runs[index]);

    /// <inheritdoc />
    public IEnumerator<TimelineBlock> GetEnumerator()
    {
        foreach (var entry in Runs) yield return Block(entry);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static TimelineBlock Block(IntervalRunsJson.Interval e) =>
        new(new DateTimeOffset(e.StartTicks, TimeSpan.Zero), new DateTimeOffset(e.EndTicks, TimeSpan.Zero), e.Kw, e.RequestId);
}
