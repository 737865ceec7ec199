using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Compliance;

/// <summary>Which limit was in force at a past instant, from the versions of a site's schedule.</summary>
public static class LimitHistory
{
    /// <summary>
    /// The limit in force at <paramref name="t"/>: the version in force is the last one issued at or
    /// before <paramref name="t"/>, and its entry covering <paramref name="t"/> (start inclusive, end
    /// exclusive) gives the limit. <see cref="LimitAtInstant.InForceSince"/> is when the limit took this value
    /// (walking back over versions and entries that only repeated it); <see cref="LimitAtInstant.Lowered"/> is true
    /// when the value before that was higher, or there was none.
    /// </summary>
    /// <param name="versions">The issued versions, oldest first.</param>
    /// <param name="t">The instant.</param>
    /// <returns>The limit, or null when no version was issued yet or the version in force does not cover <paramref name="t"/>.</returns>
    public static LimitAtInstant? At<T>(IReadOnlyList<T> versions, DateTimeOffset t)
        where T : class, IIssuedSchedule
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (Covering(versions, t) is not (var version, var entry))
        {
            return null;
        }

        var since = Since(version, entry);
        bool lowered;
        // Walk back while the value stayed the same (a new version repeating it, or touching entries of equal kW), so
        // the allowance runs from when the site really had to come down, not from a later re-issue of the same value.
        for (var steps = 0; ; steps++)
        {
            if (Covering(versions, since.AddTicks(-1)) is not (var earlierVersion, var before))
            {
                lowered = true;
                break;
            }

            if (Math.Abs(before.Kw - entry.Kw) > SameKw || steps >= MaxSteps)
            {
                lowered = before.Kw > entry.Kw;
                break;
            }

            since = Since(earlierVersion, before);
        }

        return new LimitAtInstant(entry.Kw, entry.Source, entry.RequestId, entry.Start, entry.End, since, lowered);
    }

    private const double SameKw = 1e-9;

    /// <summary>Bound of the walk back through equal values (versions are few; entries of one version never repeat a value).</summary>
    private const int MaxSteps = 64;

    private static DateTimeOffset Since(IIssuedSchedule version, ScheduledLimit entry) => entry.Start > version.IssuedAt ? entry.Start : version.IssuedAt;

    private static (IIssuedSchedule Version, ScheduledLimit Entry)? Covering<T>(IReadOnlyList<T> versions, DateTimeOffset t)
        where T : class, IIssuedSchedule =>
        LimitVersions.InForceAt(versions, t) is { } version && LimitVersions.EntryAt(version, t) is { } entry ? (version, entry) : null;
}
