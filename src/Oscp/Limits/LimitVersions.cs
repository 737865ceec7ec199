using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// The two questions a site asks of its limit versions: does a freshly built schedule need a new version, and which
/// version was in force at an instant. One answer each, for the webhook, the limits API, compliance and the site view.
/// </summary>
public static class LimitVersions
{
    /// <summary>
    /// True when <paramref name="schedule"/> must be issued as a new version: there is none yet, it gives another kW
    /// or source for an instant both cover, an emergency stop starts or ends (<paramref name="allZeroRequestIds"/>
    /// differs), or the current version runs short (less than <see cref="LimitSchedules.MinimumAhead"/> ahead of
    /// <paramref name="now"/>). A schedule that only repeats the current one (a routine re-handshake, a forecast
    /// restating the same values) issues nothing.
    /// </summary>
    /// <param name="current">The version in force, null when none was issued.</param>
    /// <param name="currentAllZeroRequestIds">The all-zero forecasts the current version names.</param>
    /// <param name="schedule">The schedule just built from now on.</param>
    /// <param name="allZeroRequestIds">The all-zero forecasts <paramref name="schedule"/> names.</param>
    /// <param name="now">The product clock.</param>
    public static bool NeedsNewVersion(
        IIssuedSchedule? current,
        IReadOnlyList<string> currentAllZeroRequestIds,
        IReadOnlyList<ScheduledLimit> schedule,
        IReadOnlyList<string> allZeroRequestIds,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(currentAllZeroRequestIds);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(allZeroRequestIds);
        return current is null
            || !LimitSchedules.SameLimits(current.Schedule, schedule)
            || !currentAllZeroRequestIds.SequenceEqual(allZeroRequestIds, StringComparer.Ordinal)
            || LimitSchedules.NeedsRenewal(current.Schedule, now, LimitSchedules.MinimumAhead);
    }

    /// <summary>
    /// The version in force at <paramref name="t"/>: the last one issued at or before <paramref name="t"/> (a version
    /// replaces the previous one from its issue on). Null when every version was issued after <paramref name="t"/>.
    /// </summary>
    /// <param name="versions">The versions, oldest first.</param>
    /// <param name="t">The instant.</param>
    public static T? InForceAt<T>(IReadOnlyList<T> versions, DateTimeOffset t)
        where T : class, IIssuedSchedule
    {
        ArgumentNullException.ThrowIfNull(versions);
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            if (versions[i].IssuedAt <= t) return versions[i];
        }

        return null;
    }

    /// <summary>
    /// The entries of a superseded version that can still answer a question: those overlapping the span in which it was
    /// in force, [<paramref name="issuedAt"/>, <paramref name="nextIssuedAt"/>) (its own issue until the next version's),
    /// each kept whole. Which version and entry is in force at any instant (<see cref="InForceAt{T}"/>,
    /// <see cref="EntryAt"/>, <see cref="LimitHistory"/>) and the limits over any period (<see cref="PeriodLimits"/>) are
    /// the same with these entries as with the whole schedule: no instant outside that span is ruled by this version.
    /// Never applied to the newest version, which rules from its issue on. The same list comes back when nothing is dropped.
    /// </summary>
    /// <param name="schedule">The superseded version's schedule, in time order.</param>
    /// <param name="issuedAt">When it was issued.</param>
    /// <param name="nextIssuedAt">When the version after it was issued.</param>
    public static IReadOnlyList<ScheduledLimit> InForceSpan(IReadOnlyList<ScheduledLimit> schedule, DateTimeOffset issuedAt, DateTimeOffset nextIssuedAt)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        int first = 0, end = schedule.Count;
        while (first < end && (schedule[first].End <= issuedAt || schedule[first].Start >= nextIssuedAt)) first++;
        while (end > first && (schedule[end - 1].End <= issuedAt || schedule[end - 1].Start >= nextIssuedAt)) end--;
        if (first == 0 && end == schedule.Count) return schedule;
        var kept = new ScheduledLimit[end - first];
        for (var i = first; i < end; i++) kept[i - first] = schedule[i];
        return kept;
    }

    /// <summary>The entry of <paramref name="version"/> covering <paramref name="t"/> (start inclusive, end exclusive), or null.</summary>
    public static ScheduledLimit? EntryAt(IIssuedSchedule version, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var entry in version.Schedule)
        {
            if (entry.Start <= t && t < entry.End) return entry;
        }

        return null;
    }
}
