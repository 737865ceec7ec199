namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A forecast timeline's blocks held as runs (<see cref="IntervalRuns"/>), the shape they are stored in
/// (<see cref="TimelineRunsJsonConverter"/>): an active site's 96-block forecast takes ~0.8 KB instead of 96 blocks of
/// 32 bytes. Read-only; a block is made when asked for (a value, nothing allocated) and reads back exactly what it was
/// built from.
/// </summary>
public sealed class CompactTimeline : CompactList<TimelineBlock>
{
    private CompactTimeline(IntervalRuns runs)
        : base(runs)
    {
    }

    /// <summary>No blocks.</summary>
    public static CompactTimeline Empty { get; } = new(IntervalRuns.Empty);

    /// <summary>The blocks of <paramref name="blocks"/> (already compact: the same instance); request ids equal in value share one string.</summary>
    public static CompactTimeline Of(IReadOnlyList<TimelineBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return blocks as CompactTimeline
            ?? OfRuns(IntervalRuns.Of(blocks, static b => new(b.Start.UtcTicks, b.End.UtcTicks, b.Kw, default, b.RequestId)));
    }

    /// <summary>The timeline these runs hold (as read from storage); none: <see cref="Empty"/>.</summary>
    internal static CompactTimeline OfRuns(IntervalRuns runs) => runs.Count == 0 ? Empty : new(runs);

    private protected override TimelineBlock Make(IntervalRunsJson.Interval entry) =>
        new(new DateTimeOffset(entry.StartTicks, TimeSpan.Zero), new DateTimeOffset(entry.EndTicks, TimeSpan.Zero), entry.Kw, entry.RequestId);
}
