namespace OscpFleet.Oscp.Metering;

/// <summary>
/// The site load at chosen instants, by the rule <see cref="MeterAggregation"/> uses for a period's
/// maximum: the sum over chargers of the power of each charger's latest point (its anchor's real
/// reading or a pending sample) at or before the instant, where a point older than the staleness
/// limit contributes 0. Used to check the measured load against the limit in force.
/// </summary>
public static class SiteLoads
{
    /// <summary>The site load at each distinct instant, in ascending order of instant.</summary>
    /// <param name="state">The site's aggregation state (anchors and pending samples).</param>
    /// <param name="instants">When to evaluate, in any order; duplicates are evaluated once.</param>
    /// <param name="stalePowerAfter">Age after which a charger's reading no longer counts (a reading exactly this old still does).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stalePowerAfter"/> is negative.</exception>
    public static IReadOnlyList<(DateTimeOffset At, double LoadW)> At(SiteMeterState state, IEnumerable<DateTimeOffset> instants, TimeSpan stalePowerAfter)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(instants);
        ArgumentOutOfRangeException.ThrowIfLessThan(stalePowerAfter, TimeSpan.Zero, nameof(stalePowerAfter));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var readings = new List<(DateTimeOffset At, int Charger, double PowerW)>(state.Anchors.Length + state.Pending.Length);

        // Anchors first, so the stable sort keeps an anchor before a sample at the same instant.
        foreach (var anchor in state.Anchors)
        {
            readings.Add((anchor.PowerAt, IndexOf(index, anchor.ChargerId), anchor.PowerW));
        }

        foreach (var sample in state.Pending)
        {
            readings.Add((sample.At, IndexOf(index, sample.ChargerId), sample.PowerW));
        }

        var ordered = readings.OrderBy(r => r.At).ToList();

        // Sweep the instants in order, keeping each charger's latest reading so far.
        var latest = new (DateTimeOffset At, double PowerW)?[index.Count];
        var next = 0;
        var loads = new List<(DateTimeOffset At, double LoadW)>();
        foreach (var instant in new SortedSet<DateTimeOffset>(instants))
        {
            for (; next < ordered.Count && ordered[next].At <= instant; next++)
            {
                latest[ordered[next].Charger] = (ordered[next].At, ordered[next].PowerW);
            }

            var load = 0.0;
            foreach (var reading in latest)
            {
                if (reading is { } r && instant - r.At <= stalePowerAfter)
                {
                    load += r.PowerW;
                }
            }

            loads.Add((instant, load));
        }

        return loads;
    }

    private static int IndexOf(Dictionary<string, int> index, string chargerId)
    {
        if (!index.TryGetValue(chargerId, out var i))
        {
            index[chargerId] = i = index.Count;
        }

        return i;
    }
}
