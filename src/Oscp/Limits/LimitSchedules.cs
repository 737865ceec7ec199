using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Questions a site asks about its limit versions: has anything changed, and is the one in force
/// running out (a version covers at least 24 h, a new one is issued before less than 12 h remain: docs/protocol.md,
/// "Limit versions").
/// </summary>
public static class LimitSchedules
{
    /// <summary>How far ahead a freshly built schedule reaches.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(24);

    /// <summary>A new version is due when less than this much schedule remains.</summary>
    public static readonly TimeSpan MinimumAhead = TimeSpan.FromHours(12);

    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> give the same kW and source for every
    /// instant both cover (request ids are ignored). True when they share no instant, so pair it with
    /// <see cref="NeedsRenewal(IReadOnlyList{ScheduledLimit}, DateTimeOffset, TimeSpan)"/>. A newly
    /// all-zero forecast changes only the labels of a document, not the <see cref="LimitSource"/>:
    /// compare documents' schedules (the other overload) to catch an emergency stop starting or ending.
    /// </summary>
    public static bool SameLimits(IReadOnlyList<ScheduledLimit> a, IReadOnlyList<ScheduledLimit> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Same(a.Select(l => (l.Start, l.End, l.Kw, (int)l.Source)).ToList(), b.Select(l => (l.Start, l.End, l.Kw, (int)l.Source)).ToList());
    }

    /// <summary>
    /// True when two documents' schedules give the same kW and source label (<c>emergency_stop</c>,
    /// <c>operator</c>, …) for every instant both cover; true when they share no instant.
    /// </summary>
    public static bool SameLimits(IReadOnlyList<LimitDocumentInterval> a, IReadOnlyList<LimitDocumentInterval> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Same(a.Select(l => (l.From, l.To, l.Kw, (int)l.Source)).ToList(), b.Select(l => (l.From, l.To, l.Kw, (int)l.Source)).ToList());
    }

    /// <summary>
    /// True when less than <paramref name="minimumAhead"/> (normally <see cref="MinimumAhead"/>) of
    /// <paramref name="schedule"/> remains after <paramref name="now"/>: it ends too soon, has a gap
    /// too soon, or does not cover <paramref name="now"/> at all.
    /// </summary>
    public static bool NeedsRenewal(IReadOnlyList<ScheduledLimit> schedule, DateTimeOffset now, TimeSpan minimumAhead)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return CoveredUntil(schedule.Select(l => (l.Start, l.End)), now) - now < minimumAhead;
    }

    /// <summary>As the other overload, for a document's schedule.</summary>
    public static bool NeedsRenewal(IReadOnlyList<LimitDocumentInterval> schedule, DateTimeOffset now, TimeSpan minimumAhead)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return CoveredUntil(schedule.Select(l => (l.From, l.To)), now) - now < minimumAhead;
    }

    /// <summary>The end of the unbroken coverage that contains <paramref name="now"/>; <paramref name="now"/> itself when none does.</summary>
    private static DateTimeOffset CoveredUntil(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals, DateTimeOffset now)
    {
        var until = now;
        foreach (var (start, end) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (start > until)
            {
                break;
            }

            if (end > until)
            {
                until = end;
            }
        }

        return until;
    }

    /// <summary>Sweeps both sorted lists together and compares every pair that shares an instant.</summary>
    private static bool Same(List<(DateTimeOffset Start, DateTimeOffset End, double Kw, int Source)> a, List<(DateTimeOffset Start, DateTimeOffset End, double Kw, int Source)> b)
    {
        a.Sort((x, y) => x.Start.CompareTo(y.Start));
        b.Sort((x, y) => x.Start.CompareTo(y.Start));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var overlap = Max(a[i].Start, b[j].Start) < Min(a[i].End, b[j].End);
            if (overlap && (!a[i].Kw.Equals(b[j].Kw) || a[i].Source != b[j].Source))
            {
                return false;
            }

            // Advance whichever ends first; it cannot overlap anything later in the other list.
            if (a[i].End <= b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return true;
    }

    private static DateTimeOffset Max(DateTimeOffset x, DateTimeOffset y) => x > y ? x : y;

    private static DateTimeOffset Min(DateTimeOffset x, DateTimeOffset y) => x < y ? x : y;
}
