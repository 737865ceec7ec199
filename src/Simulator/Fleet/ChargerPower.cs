namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The simulated chargers' physics, as pure functions of the applied limits and an instant. A charger draws
/// min(demand, limit); its limit is its OCPP station limit in force, else its rated share of the site limit;
/// a site limit of 0 or an emergency stop is 0 for every charger whatever its profile says.
/// </summary>
internal static class ChargerPower
{
    /// <summary>The site limit in force at <paramref name="instant"/> in W; null when nothing limits the site then.</summary>
    public static double? SiteLimitW(AppliedLimits? limits, DateTimeOffset instant) =>
        limits is null ? null : limits.EmergencyStop ? 0 : MinCovering(limits.Site, instant);

    /// <summary>The limit of one charger at <paramref name="instant"/> in W; null when unlimited.</summary>
    /// <param name="limits">What is in force; null before any document.</param>
    /// <param name="chargerId">The charging station.</param>
    /// <param name="share">Its rated power over the site's total rated power.</param>
    /// <param name="instant">When.</param>
    public static double? ChargerLimitW(AppliedLimits? limits, string chargerId, double share, DateTimeOffset instant)
    {
        if (limits is null) return null;
        var site = SiteLimitW(limits, instant);
        // A stop must never wait for a station profile that was computed before it.
        if (site == 0) return 0;
        if (limits.Stations.TryGetValue(chargerId, out var intervals) && MinCovering(intervals, instant) is { } station) return station;
        return site * share;
    }

    /// <summary>What a charger draws: its demand, capped by its limit.</summary>
    public static double PowerW(double demandW, double? limitW) => limitW is { } limit ? Math.Min(demandW, limit) : demandW;

    /// <summary>Every instant strictly between <paramref name="after"/> and <paramref name="before"/> where a limit may change, in order.</summary>
    public static IReadOnlyList<DateTimeOffset> Breakpoints(AppliedLimits? limits, DateTimeOffset after, DateTimeOffset before)
    {
        if (limits is null) return [];
        return
        [
            .. limits.Site.Concat(limits.Stations.Values.SelectMany(s => s))
                .SelectMany(i => i.To is { } to ? new[] { i.From, to } : new[] { i.From })
                .Where(t => t > after && t < before)
                .Distinct()
                .Order(),
        ];
    }

    // Overlapping intervals (two schedules of one profile) both apply: the lower wins.
    private static double? MinCovering(IEnumerable<LimitInterval> intervals, DateTimeOffset instant)
    {
        double? min = null;
        foreach (var interval in intervals)
        {
            if (interval.Covers(instant) && (min is null || interval.Watts < min)) min = interval.Watts;
        }

        return min;
    }
}
