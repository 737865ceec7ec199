using System.Collections.Immutable;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Limits;

/// <summary>Builds a site's limit version document (the webhook body) from its limit schedule.</summary>
public static class LimitDocuments
{
    /// <summary>
    /// The document for <paramref name="schedule"/>, whose first interval starts "now".
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Each entry's <c>source</c>: <c>emergency_stop</c> when it comes from a forecast whose
    /// request id is in <paramref name="allZeroRequestIds"/>; otherwise <c>operator</c> when
    /// <paramref name="operatorOverride"/> is set; otherwise its <see cref="LimitSource"/>. A grid
    /// operator's protective zero stays visible as such even under an override.</item>
    /// <item><c>reason</c> is the first entry's source; <c>emergencyStop</c> is whether that is <c>emergency_stop</c>.</item>
    /// <item>Times are cut to whole seconds (an interval shorter than that disappears into its
    /// neighbour); neighbouring entries with equal kW and source are merged, since request ids are not shown.</item>
    /// <item><c>ocpp</c>: see <see cref="LimitDocumentOptions"/>; each station's share of the site
    /// limit is in whole watts rounded down, so the stations together never exceed it; past OCPP's
    /// 1,024 periods a station's last period holds the lowest of its remaining limits.</item>
    /// </list>
    /// </remarks>
    /// <param name="groupId">The site.</param>
    /// <param name="version">The version number.</param>
    /// <param name="issuedAt">When the version is made.</param>
    /// <param name="schedule">Contiguous, non-empty; normally <c>LimitSchedule.Build</c> for at least 24 h from now.</param>
    /// <param name="chargers">The site's charging stations in configured order; ids unique, ratings above 0.</param>
    /// <param name="options">Charging profile id base and stack level.</param>
    /// <param name="allZeroRequestIds">Request ids of <c>CONSUMPTION</c>/<c>FALLBACK_CONSUMPTION</c> forecasts whose every block was 0.</param>
    /// <param name="operatorOverride">True when the schedule is an operator's override.</param>
    /// <exception cref="ArgumentException">The schedule is empty, not contiguous, shorter than a second, or holds a negative or non-finite kW; or a charger is invalid.</exception>
    public static LimitDocument Build(
        string groupId,
        long version,
        DateTimeOffset issuedAt,
        IReadOnlyList<ScheduledLimit> schedule,
        IReadOnlyList<ChargerRating> chargers,
        LimitDocumentOptions options,
        ISet<string> allZeroRequestIds,
        bool operatorOverride = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(allZeroRequestIds);

        var entries = Entries(schedule, allZeroRequestIds, operatorOverride);
        var ocpp = OcppProfiles.For(entries, chargers, options);
        var reason = entries[0].Source;
        return new LimitDocument(groupId, version, WholeSeconds(issuedAt), reason, reason == LimitReason.EmergencyStop, entries, ocpp);
    }

    /// <summary>How an interval is labelled for the CSMS; see <see cref="Build"/>.</summary>
    public static LimitReason SourceOf(ScheduledLimit limit, ISet<string> allZeroRequestIds, bool operatorOverride = false)
    {
        ArgumentNullException.ThrowIfNull(allZeroRequestIds);
        if (limit.Source is LimitSource.Forecast or LimitSource.Fallback
            && limit.RequestId is { } requestId
            && allZeroRequestIds.Contains(requestId))
        {
            return LimitReason.EmergencyStop;
        }

        return operatorOverride
            ? LimitReason.Operator
            : limit.Source switch
            {
                LimitSource.Forecast => LimitReason.Forecast,
                LimitSource.Fallback => LimitReason.Fallback,
                LimitSource.BaseDoe => LimitReason.BaseDoe,
                _ => throw new ArgumentOutOfRangeException(nameof(limit), limit.Source, "Unknown limit source."),
            };
    }

    /// <summary><paramref name="instant"/> in UTC with the sub-second part dropped.</summary>
    internal static DateTimeOffset WholeSeconds(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    private static ImmutableArray<LimitDocumentInterval> Entries(IReadOnlyList<ScheduledLimit> schedule, ISet<string> allZeroRequestIds, bool operatorOverride)
    {
        if (schedule.Count == 0)
        {
            throw new ArgumentException("A limit document needs the limit in force now: the schedule is empty.", nameof(schedule));
        }

        var entries = new List<LimitDocumentInterval>(schedule.Count);
        for (var i = 0; i < schedule.Count; i++)
        {
            var limit = schedule[i];
            if (limit.End <= limit.Start || (i > 0 && limit.Start != schedule[i - 1].End))
            {
                throw new ArgumentException($"The schedule must be contiguous intervals of positive length; entry {i} is {limit.Start:O} to {limit.End:O}.", nameof(schedule));
            }

            if (!double.IsFinite(limit.Kw) || limit.Kw < 0)
            {
                throw new ArgumentException($"Entry {i} has a limit of {limit.Kw} kW; it must be a finite number >= 0.", nameof(schedule));
            }

            var entry = new LimitDocumentInterval(WholeSeconds(limit.Start), WholeSeconds(limit.End), limit.Kw, SourceOf(limit, allZeroRequestIds, operatorOverride));
            if (entry.From == entry.To)
            {
                continue;
            }

            // Cutting to seconds keeps the entries contiguous: each start is the previous end, cut the same way.
            if (entries.Count > 0 && entries[^1].Kw.Equals(entry.Kw) && entries[^1].Source == entry.Source)
            {
                entries[^1] = entries[^1] with { To = entry.To };
            }
            else
            {
                entries.Add(entry);
            }
        }

        return entries.Count > 0
            ? [.. entries]
            : throw new ArgumentException("A limit document's schedule must cover at least one whole second.", nameof(schedule));
    }
}
