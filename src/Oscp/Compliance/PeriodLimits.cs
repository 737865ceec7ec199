namespace OscpFleet.Oscp.Compliance;

/// <summary>The lowest and highest limit in force over a period, for the site's history.</summary>
/// <param name="MinKw">The lowest limit in force at any instant of the period.</param>
/// <param name="MaxKw">The highest.</param>
public sealed record PeriodLimits(double MinKw, double MaxKw)
{
    /// <summary>
    /// The range of the limit in force over [<paramref name="start"/>, <paramref name="end"/>): each version is in force
    /// from its issue until the next one's (<see cref="Limits.LimitVersions.InForceAt{T}"/>), and within it the entries
    /// covering that stretch count. Null when no entry of a version in force covers any part of the period.
    /// </summary>
    /// <param name="versions">The issued versions, oldest first.</param>
    /// <param name="start">Period start (inclusive).</param>
    /// <param name="end">Period end (exclusive).</param>
    public static PeriodLimits? Over<T>(IReadOnlyList<T> versions, DateTimeOffset start, DateTimeOffset end)
        where T : class, IIssuedSchedule
    {
        ArgumentNullException.ThrowIfNull(versions);
        double? min = null, max = null;
        for (var i = 0; i < versions.Count; i++)
        {
            // Version i rules from its issue (or the period's start) until the next version's issue (or the period's end).
            var from = versions[i].IssuedAt > start ? versions[i].IssuedAt : start;
            var to = i + 1 < versions.Count && versions[i + 1].IssuedAt < end ? versions[i + 1].IssuedAt : end;
            if (from >= to) continue;
            foreach (var entry in versions[i].Schedule)
            {
                if (entry.End <= from || entry.Start >= to) continue;
                min = min is { } m ? Math.Min(m, entry.Kw) : entry.Kw;
                max = max is { } x ? Math.Max(x, entry.Kw) : entry.Kw;
            }
        }

        return min is { } low && max is { } high ? new PeriodLimits(low, high) : null;
    }
}
