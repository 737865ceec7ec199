using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Compliance;

/// <summary>Which limit was in force at a past instant, from the versions of a site's schedule.</summary>
public static class LimitHistory
{
    /// <summary>
    /// The limit in force at <paramref name="t"/>: the version in force is the last one issued at or
    /// before <paramref name="t"/>, and its entry covering <paramref name="t"/> (start inclusive, end
    /// exclusive) gives the limit. <see cref="LimitAtInstant.Lowered"/> compares with the limit in force
    /// one tick before <see cref="LimitAtInstant.InForceSince"/> (by the same rule, comparing only kW).
    /// </summary>
    /// <param name="versions">The issued versions, oldest first.</param>
    /// <param name="t">The instant.</param>
    /// <returns>The limit, or null when no version was issued yet or the version in force does not cover <paramref name="t"/>.</returns>
    public static LimitAtInstant? At(IReadOnlyList<IssuedSchedule> versions, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (Covering(versions, t) is not (var version, var entry))
        {
            return null;
        }

        var since = entry.Start > version.IssuedAt ? entry.Start : version.IssuedAt;
        var lowered = Covering(versions, since.AddTicks(-1)) is not (_, var before) || before.Kw > entry.Kw;
        return new LimitAtInstant(entry.Kw, entry.Source, entry.RequestId, entry.Start, entry.End, since, lowered);
    }

    private static (IssuedSchedule Version, ScheduledLimit Entry)? Covering(IReadOnlyList<IssuedSchedule> versions, DateTimeOffset t)
    {
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            var version = versions[i];
            if (version.IssuedAt > t)
            {
                continue;
            }

            foreach (var entry in version.Schedule)
            {
                if (entry.Start <= t && t < entry.End)
                {
                    return (version, entry);
                }
            }

            return null;
        }

        return null;
    }
}
