using System.Collections.Immutable;

namespace OscpFleet.Oscp.Limits;

/// <summary>Turns a limit document's schedule into one OCPP 2.0.1 station maximum profile per charging station.</summary>
internal static class OcppProfiles
{
    private const int EvseWholeStation = 0;
    private const int ScheduleId = 1;

    /// <summary>The most periods an OCPP 2.0.1 charging schedule may hold (<c>chargingSchedulePeriod</c>'s <c>maxItems</c>).</summary>
    public const int MaxPeriods = 1024;

    /// <summary>
    /// The requests for <paramref name="chargers"/> (in their configured order) covering
    /// <paramref name="schedule"/>: one period per schedule entry, the site limit split by
    /// <see cref="PowerSplit"/>, neighbouring periods with equal limits merged. Beyond
    /// <see cref="MaxPeriods"/> periods the last one covers the rest of the schedule at the lowest
    /// of its limits, so a station's limit is never above its share at any instant.
    /// </summary>
    public static ImmutableArray<StationChargingProfile> For(
        IReadOnlyList<LimitDocumentInterval> schedule,
        IReadOnlyList<ChargerRating> chargers,
        LimitDocumentOptions options)
    {
        Validate(chargers, options);
        if (chargers.Count == 0)
        {
            return [];
        }

        var start = schedule[0].From;
        var duration = Seconds(schedule[^1].To - start);
        var weights = chargers.Select(c => PowerSplit.Weight(c.RatedKw)).ToArray();
        var shares = schedule.Select(entry => PowerSplit.Split(PowerSplit.Watts(entry.Kw), weights)).ToArray();

        var requests = ImmutableArray.CreateBuilder<StationChargingProfile>(chargers.Count);
        for (var station = 0; station < chargers.Count; station++)
        {
            var periods = new List<ChargingSchedulePeriod>(schedule.Count);
            for (var k = 0; k < schedule.Count; k++)
            {
                var limit = shares[k][station];
                if (periods.Count == 0 || !periods[^1].Limit.Equals(limit))
                {
                    periods.Add(new ChargingSchedulePeriod(Seconds(schedule[k].From - start), limit));
                }
            }

            CapPeriods(periods);

            var chargingSchedule = new ChargingSchedule(ScheduleId, start, duration, ChargingSchedule.Watts, [.. periods]);
            var profile = new ChargingProfile(
                options.ChargingProfileIdBase + station,
                options.StackLevel,
                ChargingProfile.StationMaxPurpose,
                ChargingProfile.AbsoluteKind,
                [chargingSchedule]);
            requests.Add(new StationChargingProfile(chargers[station].Id, new SetChargingProfileRequest(EvseWholeStation, profile)));
        }

        return requests.MoveToImmutable();
    }

    /// <summary>Folds the periods from the <see cref="MaxPeriods"/>th on into one at the lowest of their limits.</summary>
    private static void CapPeriods(List<ChargingSchedulePeriod> periods)
    {
        if (periods.Count <= MaxPeriods)
        {
            return;
        }

        var rest = periods[(MaxPeriods - 1)..];
        var last = rest[0] with { Limit = rest.Min(p => p.Limit) };
        periods.RemoveRange(MaxPeriods - 1, rest.Count);
        if (!periods[^1].Limit.Equals(last.Limit))
        {
            periods.Add(last);
        }
    }

    private static int Seconds(TimeSpan span) =>
        span.TotalSeconds <= int.MaxValue
            ? (int)span.TotalSeconds
            : throw new ArgumentException($"A schedule of {span} is longer than an OCPP duration can express.");

    private static void Validate(IReadOnlyList<ChargerRating> chargers, LimitDocumentOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChargingProfileIdBase, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.StackLevel, nameof(options));
        if (chargers.Count > 0 && options.ChargingProfileIdBase > int.MaxValue - (chargers.Count - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The charging profile ids of the stations would overflow.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var charger in chargers)
        {
            ArgumentNullException.ThrowIfNull(charger, nameof(chargers));
            if (string.IsNullOrEmpty(charger.Id) || !ids.Add(charger.Id))
            {
                // Two requests for one station would replace each other in an order the CSMS chooses.
                throw new ArgumentException($"Charging station ids must be present and unique; '{charger.Id}' is not.", nameof(chargers));
            }
        }
    }
}
