using System.Collections;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A schedule held as runs, the shape it is stored in (<see cref="ScheduleRunsJsonConverter"/>): entries that follow
/// one another without a gap, last equally long and share source and request id keep one start, one length, one source
/// and one request id, and a kW each. A 96-block forecast's version holds ~0.9 KB instead of 96 entries of 40 bytes
/// (3.8 KB), the largest single part of an active site's memory. Read-only; an entry is made when asked for (a value,
/// so nothing is allocated), and reads back exactly what it was built from.
/// </summary>
public sealed class CompactSchedule : IReadOnlyList<ScheduledLimit>
{
    private readonly Run[] runs;
    private readonly double[] kw;

    private CompactSchedule(Run[] runs, double[] kw)
    {
        this.runs = runs;
        this.kw = kw;
    }

    /// <summary>The schedule of <paramref name="entries"/>; request ids equal in value share one string.</summary>
    public static CompactSchedule Of(IReadOnlyList<ScheduledLimit> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var kw = new double[entries.Count];
        var runs = new List<Run>(4);
        var ids = new List<string>(2);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            kw[i] = entry.Kw;
            var startTicks = entry.Start.UtcTicks;
            var length = entry.End.UtcTicks - startTicks;
            if (runs.Count > 0)
            {
                var last = runs[^1];
                if (last.Source == entry.Source && last.Length == length && startTicks == last.StartTicks + ((i - last.First) * length)
                    && string.Equals(last.RequestId, entry.RequestId, StringComparison.Ordinal))
                {
                    continue;
                }
            }

            runs.Add(new Run(startTicks, length, i, entry.Source, SharedRequestIds.Share(ids, entry.RequestId)));
        }

        return new CompactSchedule([.. runs], kw);
    }

    /// <inheritdoc />
    public int Count => kw.Length;

    /// <summary>How many runs hold the entries (for tests and diagnostics).</summary>
    public int RunCount => runs.Length;

    /// <inheritdoc />
    public ScheduledLimit this[int index]
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
    public IEnumerator<ScheduledLimit> GetEnumerator()
    {
        for (var r = 0; r < runs.Length; r++)
        {
            var end = r + 1 < runs.Length ? runs[r + 1].First : kw.Length;
            for (var i = runs[r].First; i < end; i++) yield return Entry(runs[r], i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ScheduledLimit Entry(in Run run, int index)
    {
        var start = run.StartTicks + ((index - run.First) * run.Length);
        return new ScheduledLimit(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(start + run.Length, TimeSpan.Zero), kw[index], run.Source, run.RequestId);
    }

    private readonly record struct Run(long StartTicks, long Length, int First, LimitSource Source, string? RequestId);
}
