using OscpFleet.Oscp.Limits;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// What one limit document put in force at a site, in watts: the site schedule and each station's OCPP periods
/// as absolute intervals, so the power model never has to read OCPP again.
/// </summary>
internal sealed record AppliedLimits(
    long Version,
    string Reason,
    bool EmergencyStop,
    DateTimeOffset AppliedAt,
    IReadOnlyList<LimitInterval> Site,
    IReadOnlyDictionary<string, IReadOnlyList<LimitInterval>> Stations)
{
    /// <summary>Nominal voltage when the site names none (New Zealand's phase voltage, the gateway's default too).</summary>
    public const int DefaultVoltage = 230;

    /// <summary>Phases when the site names none (the gateway's default too).</summary>
    public const int DefaultPhases = 3;

    public static AppliedLimits From(LimitDocument document, FleetSiteOptions site, DateTimeOffset appliedAt)
    {
        var stations = new Dictionary<string, List<LimitInterval>>(StringComparer.Ordinal);
        foreach (var station in document.Ocpp)
        {
            if (!stations.TryGetValue(station.ChargingStationId, out var intervals))
                stations[station.ChargingStationId] = intervals = [];
            foreach (var schedule in station.SetChargingProfileRequest.ChargingProfile.ChargingSchedule)
                intervals.AddRange(Intervals(schedule, site));
        }

        return new AppliedLimits(
            document.Version,
            LimitDocumentReader.Name(document.Reason),
            document.EmergencyStop,
            appliedAt,
            [.. document.Schedule.Select(e => new LimitInterval(e.From, e.To, e.Kw * 1000))],
            stations.ToDictionary(s => s.Key, s => (IReadOnlyList<LimitInterval>)s.Value, StringComparer.Ordinal));
    }

    private static IEnumerable<LimitInterval> Intervals(ChargingSchedule schedule, FleetSiteOptions site)
    {
        var start = schedule.StartSchedule;
        var end = start.AddSeconds(schedule.Duration);
        var periods = schedule.ChargingSchedulePeriod.OrderBy(p => p.StartPeriod).ToList();
        for (var i = 0; i < periods.Count; i++)
        {
            var from = start.AddSeconds(periods[i].StartPeriod);
            var to = i + 1 < periods.Count ? start.AddSeconds(periods[i + 1].StartPeriod) : end;
            if (to > end) to = end;
            if (to <= from) continue; // starts after the schedule ended, or shares its start with the next
            var watts = schedule.ChargingRateUnit == "A"
                ? periods[i].Limit * (site.NominalVoltage ?? DefaultVoltage) * (site.Phases ?? DefaultPhases)
                : periods[i].Limit;
            yield return new LimitInterval(from, to, watts);
        }
    }
}
