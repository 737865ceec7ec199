using System.Collections;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// Entries held as runs, the shape they are stored in (<see cref="IntervalRunsJson"/>): entries that follow one another
/// without a gap, last equally long and share source and request id keep one start, one length, one source and one
/// request id, and a kW each. The memory behind <see cref="CompactSchedule"/> and <see cref="CompactTimeline"/>: 96
/// quarter-hour entries of one forecast take ~0.8 KB instead of 96 structs (3–4 KB). Read-only; an entry is made when asked
/// for (a value, nothing allocated) and reads back exactly what it was built from, to the tick and the kW bit.
/// </summary>
internal sealed class IntervalRuns : IReadOnlyList<IntervalRunsJson.Interval>
{
    private readonly Run[] runs;
    private readonly double[] kw;

    private IntervalRuns(Run[] runs, double[] kw)
    {
        this.runs = runs;
        this.kw = kw;
    }

    /// <summary>No entries.</summary>
    public static IntervalRuns Empty { get; } = new([], []);

    /// <summary>The runs of <paramref name="entries"/>, each read through <paramref name="interval"/>; equal request ids share one string.</summary>
    public static IntervalRuns Of<T>(IReadOnlyList<T> entries, Func<T, IntervalRunsJson.Interval> interval)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Empty;
        var kw = new double[entries.Count];
        var runs = new List<Run>(4);
        var ids = new List<string>(2);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = interval(entries[i]);
            kw[i] = entry.Kw;
            var length = entry.EndTicks - entry.StartTicks;
            if (runs.Count > 0)
            {
                var last = runs[^1];
                if (last.Source == entry.Source && last.Length == length && entry.StartTicks == last.StartTicks + ((i - last.First) * length)
                    && string.Equals(last.RequestId, entry.RequestId, StringComparison.Ordinal))
                {
                    continue;
                }
            }

            runs.Add(new Run(entry.StartTicks, length, i, entry.Source, SharedRequestIds.Share(ids, entry.RequestId)));
        }

        return new IntervalRuns([.. runs], kw);
    }

    /// <inheritdoc />
    public int Count => kw.Length;

    /// <summary>How many runs hold the entries.</summary>
    public int RunCount => runs.Length;

    /// <inheritdoc />
    public IntervalRunsJson.Interval this[int index]
    {
        get
        {
            if ((uint)index >= (uint)kw.Length) throw new ArgumentOutOfRangeException(nameof(index));
            // The last run starting at or before the index.
            int lo = 0, hi = runs.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (runs[mid].First <= index) lo = mid;
                else hi = mid - 1;
            }

            return Entry(runs[lo], index);
        }
    }

    /// <inheritdoc />
    public IEnumerator<IntervalRunsJson.Interval> GetEnumerator()
    {
        for (var r = 0; r < runs.Length; r++)
        {
            var end = r + 1 < runs.Length ? runs[r + 1].First : kw.Length;
            for (var i = runs[r].First; i < end; i++) yield return Entry(runs[r], i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IntervalRunsJson.Interval Entry(in Run run, int index)
    {
        var start = run.StartTicks + ((index - run.First) * run.Length);
        return new(start, start + run.Length, kw[index], run.Source, run.RequestId);
    }

    private readonly record struct Run(long StartTicks, long Length, int First, LimitSource Source, string? RequestId);
}
