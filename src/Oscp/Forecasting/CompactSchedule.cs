namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A schedule held as runs (<see cref="IntervalRuns"/>), the shape it is stored in (<see cref="ScheduleRunsJsonConverter"/>).
/// A 96-block forecast's version holds ~0.9 KB instead of 96 entries of 40 bytes (3.8 KB), once the largest single part
/// of an active site's memory. Read-only; an entry is made when asked for (a value, so nothing is allocated), and reads
/// back exactly what it was built from.
/// </summary>
public sealed class CompactSchedule : CompactList<ScheduledLimit>
{
    private CompactSchedule(IntervalRuns runs)
        : base(runs)
    {
    }

    /// <summary>The schedule of <paramref name="entries"/>; request ids equal in value share one string.</summary>
    public static CompactSchedule Of(IReadOnlyList<ScheduledLimit> entries) =>
        new(IntervalRuns.Of(entries, static e => new(e.Start.UtcTicks, e.End.UtcTicks, e.Kw, e.Source, e.RequestId)));

    /// <summary>The schedule these runs hold (as read from storage).</summary>
    internal static CompactSchedule OfRuns(IntervalRuns runs) => new(runs);

    private protected override ScheduledLimit Make(IntervalRunsJson.Interval entry) =>
        new(new DateTimeOffset(entry.StartTicks, TimeSpan.Zero), new DateTimeOffset(entry.EndTicks, TimeSpan.Zero), entry.Kw, entry.Source, entry.RequestId);
}
