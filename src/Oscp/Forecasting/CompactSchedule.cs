using System.Collections;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A schedule held as runs (<see cref="IntervalRuns"/>), the shape it is stored in (<see cref="ScheduleRunsJsonConverter"/>).
/// A 96-block forecast's version holds ~0.9 KB instead of 96 entries of 40 bytes (3.8 KB), once the largest single part
/// of an active site's memory. Read-only; an entry is made when asked for (a value, so nothing is allocated), and reads
/// back exactly what it was built from.
/// </summary>
public sealed class CompactSchedule : IReadOnlyList<ScheduledLimit>
{
    private CompactSchedule(IntervalRuns runs) => Runs = runs;

    /// <summary>The schedule of <paramref name="entries"/>; request ids equal in value share one string.</summary>
    public static CompactSchedule Of(IReadOnlyList<ScheduledLimit> entries) =>
        new(IntervalRuns.Of(entries, static e => new(e.Start.UtcTicks, e.End.UtcTicks, e.Kw, e.Source, e.RequestId)));

    /// <summary>The runs (written as they are by <see cref="ScheduleRunsJsonConverter"/>).</summary>
    internal IntervalRuns Runs { get; }

    /// <inheritdoc />
    public int Count => Runs.Count;

    /// <summary>How many runs hold the entries (for tests and diagnostics).</summary>
    public int RunCount => Runs.RunCount;

    /// <inheritdoc />
    public ScheduledLimit this[int index] => Limit(Runs[index]);

    /// <inheritdoc />
    public IEnumerator<ScheduledLimit> GetEnumerator()
    {
        foreach (var entry in Runs) yield return Limit(entry);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static ScheduledLimit Limit(IntervalRunsJson.Interval e) =>
        new(new DateTimeOffset(e.StartTicks, TimeSpan.Zero), new DateTimeOffset(e.EndTicks, TimeSpan.Zero), e.Kw, e.Source, e.RequestId);
}
